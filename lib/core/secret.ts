import { TerraformStack, TerraformVariable } from 'cdktf';
import { IConstruct } from 'constructs';
import { SECRET_REFERENCE } from './private/render';
import { DNS_LABEL, escapeTerraformLiterals } from './private/validate';
import { ValidationError } from './private/validation-error';

/** Where a secret's value lives. */
export enum SecretSource {
  /** A key of a Kubernetes `Secret`. */
  KUBERNETES_SECRET = 'kubernetes-secret',
  /** A Terraform input variable marked `sensitive`. */
  TERRAFORM_VARIABLE = 'terraform-variable',
  /** A Kafka Connect config provider (`${provider:path:key}`) configured on the Connect workers. */
  CONFIG_PROVIDER = 'config-provider',
}

/** Options for `Secret.fromKubernetesSecret()`. */
export interface KubernetesSecretOptions {
  /**
   * Namespace of the Secret.
   * @default - the namespace of the resource that reads it
   */
  readonly namespace?: string;
}

/** Options for `Secret.fromTerraformVariable()`. */
export interface TerraformVariableSecretOptions {
  /**
   * Description shown by `terraform plan` when the variable is not set.
   * @default - a description naming the variable
   */
  readonly description?: string;
}

/**
 * A reference to a secret value. It holds no value and can never render one: every renderer
 * produces a reference that the target system resolves at run time.
 *
 * - Kubernetes Secret key → Strimzi config-provider placeholder `${secrets:NAMESPACE/NAME:KEY}`
 *   in connector configs, `secretKeyRef` in pods.
 * - Terraform variable → a `sensitive = true` variable, `${var.NAME}` in Terraform attributes;
 *   the value comes from `TF_VAR_NAME` at plan time and is redacted in plan output.
 * - Kafka Connect config provider → `${PROVIDER:PATH:KEY}`, e.g. a `FileConfigProvider`.
 */
export abstract class Secret {
  /** A key of a Kubernetes Secret. */
  public static fromKubernetesSecret(name: string, key: string, options: KubernetesSecretOptions = {}): Secret {
    return new KubernetesSecretRef(name, key, options.namespace);
  }

  /** A Terraform variable marked sensitive, declared once per stack on first use. */
  public static fromTerraformVariable(name: string, options: TerraformVariableSecretOptions = {}): Secret {
    return new TerraformVariableRef(name, options.description);
  }

  /**
   * A Kafka Connect config-provider reference (`${provider:path:key}`), for workers that configure
   * e.g. `FileConfigProvider` or a Vault provider.
   */
  public static fromConfigProvider(provider: string, path: string, key: string): Secret {
    return new ConfigProviderRef(provider, path, key);
  }

  /** Where the value lives. */
  public abstract readonly source: SecretSource;

  /** A description of the reference (never the value), for reports and errors. */
  public abstract readonly description: string;

  /**
   * The placeholder a Kafka Connect worker resolves through its config providers.
   * Kubernetes Secrets render Strimzi's `${secrets:NAMESPACE/NAME:KEY}` (the worker needs
   * `config.providers=secrets` with Strimzi's KubernetesSecretConfigProvider and RBAC to read the
   * Secret). Terraform variables are not resolvable by a worker and throw.
   *
   * @param scope the construct asking, for error messages
   * @param defaultNamespace namespace used when the Secret reference names none
   */
  public abstract toConnectPlaceholder(scope: IConstruct, defaultNamespace?: string): string;

  /**
   * An expression for a Terraform attribute. Terraform variables render `${var.NAME}` (the
   * variable is declared sensitive in the scope's stack); the other kinds render their run-time
   * placeholder, which is itself no secret.
   */
  public abstract toTerraformValue(scope: IConstruct, defaultNamespace?: string): string;

  /** Never the value: a short description of the reference. */
  public toString(): string {
    return `Secret(${this.description})`;
  }
}

// Errors print a reference's description even where the setting is secret-like: it holds no value.
Object.defineProperty(Secret.prototype, SECRET_REFERENCE, { value: true });

class KubernetesSecretRef extends Secret {
  public readonly source = SecretSource.KUBERNETES_SECRET;
  public readonly description: string;

  constructor(
    public readonly secretName: string,
    public readonly key: string,
    public readonly namespace?: string,
  ) {
    super();
    const dns = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
    if (!dns.test(secretName ?? '')) {
      throw new ValidationError({
        path: 'Secret.fromKubernetesSecret',
        setting: 'name',
        limit: 'a DNS subdomain name (lowercase letters, digits, "-" and ".", at most 253)',
        value: JSON.stringify(secretName),
      });
    }
    if (!/^[-._a-zA-Z0-9]+$/.test(key ?? '')) {
      throw new ValidationError({
        path: 'Secret.fromKubernetesSecret',
        setting: 'key',
        limit: 'a Secret data key (letters, digits, "-", "_" and ".")',
        value: JSON.stringify(key),
      });
    }
    if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
      throw new ValidationError({
        path: 'Secret.fromKubernetesSecret',
        setting: 'namespace',
        limit: 'a Kubernetes namespace (a DNS label: lowercase letters, digits and "-", at most 63)',
        value: JSON.stringify(namespace),
      });
    }
    this.description = `kubernetes secret ${namespace ? namespace + '/' : ''}${secretName} key ${key}`;
  }

  public toConnectPlaceholder(scope: IConstruct, defaultNamespace?: string): string {
    const ns = this.namespace ?? defaultNamespace;
    if (!ns) {
      throw ValidationError.of(
        scope,
        'namespace of the Kubernetes Secret',
        'set (Strimzi placeholders are ${secrets:NAMESPACE/NAME:KEY})',
        this.description,
        'pass { namespace } to Secret.fromKubernetesSecret() or set the Kubernetes namespace of the pipeline',
      );
    }
    return `\${secrets:${ns}/${this.secretName}:${this.key}}`;
  }

  public toTerraformValue(scope: IConstruct, defaultNamespace?: string): string {
    // Terraform would interpolate "${...}": escape it as "$${" so the worker receives the placeholder.
    return escapeTerraformLiterals(this.toConnectPlaceholder(scope, defaultNamespace));
  }
}

class TerraformVariableRef extends Secret {
  public readonly source = SecretSource.TERRAFORM_VARIABLE;
  public readonly description: string;

  constructor(
    public readonly variableName: string,
    private readonly variableDescription?: string,
  ) {
    super();
    if (!/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(variableName ?? '')) {
      throw new ValidationError({
        path: 'Secret.fromTerraformVariable',
        setting: 'name',
        limit: 'a Terraform identifier (letters, digits, "_" and "-", not starting with a digit)',
        value: JSON.stringify(variableName),
      });
    }
    this.description = `terraform variable ${variableName}`;
  }

  public toConnectPlaceholder(scope: IConstruct): string {
    throw ValidationError.of(
      scope,
      'secret',
      'a Kubernetes Secret or config-provider reference (a Connect worker cannot read Terraform variables)',
      this,
      'use Secret.fromKubernetesSecret() for Strimzi connectors, or a Terraform-delivered connector',
    );
  }

  public toTerraformValue(scope: IConstruct): string {
    const stack = TerraformStack.of(scope);
    const id = `secret-${this.variableName}`;
    const existing = stack.node.tryFindChild(id) as TerraformVariable | undefined;
    if (existing) return existing.stringValue;
    const variable = new TerraformVariable(stack, id, {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: escapeTerraformLiterals(this.variableDescription ?? `Secret value for ${this.variableName} (set TF_VAR_${this.variableName})`),
    });
    variable.overrideLogicalId(this.variableName);
    return variable.stringValue;
  }
}

class ConfigProviderRef extends Secret {
  public readonly source = SecretSource.CONFIG_PROVIDER;
  public readonly description: string;

  constructor(
    private readonly provider: string,
    private readonly path: string,
    private readonly key: string,
  ) {
    super();
    for (const [setting, value] of [
      ['provider', provider],
      ['path', path],
      ['key', key],
    ]) {
      if (typeof value !== 'string' || value.length === 0 || /[{}]/.test(value)) {
        throw new ValidationError({
          path: 'Secret.fromConfigProvider',
          setting,
          limit: 'a non-empty string without braces',
          value: JSON.stringify(value),
        });
      }
    }
    this.description = `config provider ${provider} ${path} key ${key}`;
  }

  public toConnectPlaceholder(): string {
    return `\${${this.provider}:${this.path}:${this.key}}`;
  }

  public toTerraformValue(): string {
    return `$\${${this.provider}:${this.path}:${this.key}}`;
  }
}
