import { IConstruct } from 'constructs';
import { ValidationError } from './validation-error';
import { Secret, SecretSource } from '../secret';

/**
 * Refuse a secret that is not a Terraform variable where a Terraform provider or resource reads the
 * value itself: it cannot resolve a Kubernetes Secret or a Connect config-provider placeholder, and
 * would deploy the placeholder text as the credential.
 */
export function requireTerraformSecret(scope: IConstruct | string, setting: string, secret: Secret | undefined): void {
  if (!secret || typeof (secret as Secret).toTerraformValue !== 'function') {
    throw ValidationError.of(scope, setting, 'a Secret reference', secret, 'pass Secret.fromTerraformVariable("NAME")');
  }
  if (secret.source !== SecretSource.TERRAFORM_VARIABLE) {
    throw ValidationError.of(
      scope,
      setting,
      'a Terraform variable secret (a Terraform provider cannot resolve Kubernetes or Connect placeholders)',
      secret.description,
      'pass Secret.fromTerraformVariable("NAME") and set TF_VAR_NAME in CI',
    );
  }
}

/**
 * An http(s) URL: no whitespace, and no braces (raw braces are not valid in a URL, and `${`/`%{`
 * would start a Terraform template).
 */
export const HTTP_URL = /^https?:\/\/[^\s/{}]+(\/[^\s{}]*)?$/;
