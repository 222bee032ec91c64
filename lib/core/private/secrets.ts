import { IConstruct } from 'constructs';
import { hasUrlCredentials, isSecretLikeKey, literalCredentialProblem } from './credentials';
import { isToken } from './validate';
import { ValidationError } from './validation-error';
import { Secret, SecretSource } from '../secret';

/** The fix every refused credential names: the library's ways to reference one. */
export const SECRET_FIX =
  'keep the value out of the definition: reference it with Secret.fromKubernetesSecret("NAME", "KEY") '
  + '(Strimzi\'s KubernetesSecretConfigProvider renders it as ${secrets:NAMESPACE/NAME:KEY}), '
  + 'Secret.fromConfigProvider("PROVIDER", "PATH", "KEY") for another Connect config provider, '
  + 'or Secret.fromTerraformVariable("NAME") where Terraform reads it';

/**
 * Require a `Secret` reference. Whatever else was passed (a password string, `{ value: … }`), it is
 * never printed: only its kind.
 */
export function requireSecret(scope: IConstruct | string, setting: string, value: unknown, fix: string = SECRET_FIX): asserts value is Secret {
  if (!(value instanceof Secret)) {
    throw ValidationError.hidden(scope, setting, 'a Secret reference (a literal credential would be written into the synthesized files)', value, fix);
  }
}

/**
 * Refuse a secret that is not a Terraform variable where a Terraform provider or resource reads the
 * value itself: it cannot resolve a Kubernetes Secret or a Connect config-provider placeholder, and
 * would deploy the placeholder text as the credential.
 */
export function requireTerraformSecret(scope: IConstruct | string, setting: string, secret: Secret | undefined): void {
  requireSecret(scope, setting, secret, 'pass Secret.fromTerraformVariable("NAME") and set TF_VAR_NAME in CI');
  if (secret.source !== SecretSource.TERRAFORM_VARIABLE) {
    throw ValidationError.of(
      scope,
      setting,
      'a Terraform variable secret (a Terraform provider cannot resolve Kubernetes or Connect placeholders)',
      secret,
      'pass Secret.fromTerraformVariable("NAME") and set TF_VAR_NAME in CI',
    );
  }
}

/** Optional `Secret` props: checked when set. */
export function optionalSecret(scope: IConstruct | string, setting: string, value: unknown, fix?: string): void {
  if (value !== undefined) requireSecret(scope, setting, value, fix);
}

/**
 * Refuse a URL that carries a password (`https://user:password@host`, `?password=…`): it would be
 * written into the synthesized files. The password is never printed.
 */
export function requireUrlWithoutCredentials(scope: IConstruct | string, setting: string, url: unknown, fix?: string): void {
  if (typeof url !== 'string' || isToken(url)) return;
  if (hasUrlCredentials(url)) {
    throw ValidationError.of(
      scope,
      setting,
      'a URL without credentials (its password would be written into the synthesized files)',
      url,
      fix ?? `drop "user:password@" from the URL and ${SECRET_FIX}`,
    );
  }
}

/**
 * Refuse literal credentials in a pass-through map (connector config overrides, Kafka client
 * settings, topic configs): a secret-like key (`*.password`, `*.jaas.config`, `*.secret`,
 * `basic.auth.user.info`, `*.secret.key`, …) must hold a reference the runtime resolves, and no
 * value may be a URL with a password. Refused values are never printed.
 *
 * @param setting the map's prop name, e.g. `additionalConfig`
 * @param fix what to do instead (defaults to the Connect config-provider references)
 */
export function requireNoLiteralCredentials(
  scope: IConstruct | string,
  setting: string,
  map: Record<string, unknown> | undefined,
  fix: string = SECRET_FIX,
): void {
  if (!map || typeof map !== 'object') return;
  for (const [key, value] of Object.entries(map)) {
    if (isToken(value)) continue;
    const entry = `${setting}["${key}"]`;
    if (isSecretLikeKey(key)) {
      const problem = literalCredentialProblem(key, value as string);
      if (problem) {
        throw ValidationError.hidden(scope, entry, `a reference to a secret, not ${problem} (it would be written into the synthesized files)`, value, fix);
      }
    }
    requireUrlWithoutCredentials(scope, entry, value, `drop "user:password@" from the URL and ${fix}`);
  }
}

/**
 * An http(s) URL: no whitespace, and no braces (raw braces are not valid in a URL, and `${`/`%{`
 * would start a Terraform template).
 */
export const HTTP_URL = /^https?:\/\/[^\s/{}]+(\/[^\s{}]*)?$/;
