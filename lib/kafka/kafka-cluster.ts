import { Annotations, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AclEntry, renderConfluentAcl, renderMongeyAcl, renderStrimziKafkaTopic } from './private/render';
import { ResolvedTopic } from './private/topic-model';
import { StrimziTopicPlacement, TopicPlacementOptions } from './private/topic-placement';
import { KafkaTopicResource } from './private/topic-resource';
import { HTTP_URL, requireTerraformSecret, requireUrlWithoutCredentials } from '../core/private/secrets';
import { stackProvider } from '../core/private/stack-state';
import { escapeTerraformLiterals, isToken } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret, SecretSource } from '../core/secret';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { SyncWave } from '../delivery/sync-wave';
import { KafkaAcl as ConfluentKafkaAcl } from '../providers/confluent/kafka-acl';
import { KafkaTopic as ConfluentKafkaTopic } from '../providers/confluent/kafka-topic';
import { ConfluentProvider } from '../providers/confluent/provider';
import { Acl as KafkaAclResource } from '../providers/kafka/acl';
import { KafkaProvider } from '../providers/kafka/provider';

/** Which kind of Kafka cluster a `KafkaCluster` describes. */
export enum KafkaClusterKind {
  /** Apache Kafka, Strimzi, MSK, Redpanda… managed through the mongey/kafka provider. */
  SELF_MANAGED = 'self-managed',
  /** A Confluent Cloud cluster managed through the confluentinc/confluent provider. */
  CONFLUENT_CLOUD = 'confluent-cloud',
}

/** SASL mechanisms a self-managed cluster may require. */
export enum SaslMechanism {
  /** SASL/PLAIN (send only over TLS: the password travels as is). */
  PLAIN = 'plain',
  /** SASL/SCRAM-SHA-256. */
  SCRAM_SHA_256 = 'scram-sha256',
  /** SASL/SCRAM-SHA-512. */
  SCRAM_SHA_512 = 'scram-sha512',
}

/** SASL credentials of a self-managed cluster. */
export interface SaslCredentials {
  /** The mechanism the brokers expect. */
  readonly mechanism: SaslMechanism;
  /** User name. */
  readonly username: string;
  /**
   * Password, by reference only: a `Secret.fromTerraformVariable()` (the provider reads it at plan
   * time from `TF_VAR_<name>`, and Terraform redacts it).
   */
  readonly password: Secret;
  /**
   * The password as Kafka clients running next to the cluster resolve it at run time: Debezium
   * connectors on this cluster (Strimzi or Kafka Connect targets) give their own Kafka clients
   * (schema history, signal consumer) a `sasl.jaas.config` whose password is this reference. A
   * `Secret.fromKubernetesSecret()` renders for Strimzi as `${secrets:<namespace>/<name>:<key>}`
   * (with a Role letting the Connect service account read that Secret); a
   * `Secret.fromConfigProvider()` as its placeholder. A Terraform variable cannot be read by a
   * Connect worker and is refused.
   * @default - none: a connector on this cluster fails synth unless its `kafkaClientConfig` sets `sasl.jaas.config`
   */
  readonly connectPassword?: Secret;
  /**
   * User name of the Kafka clients that use `connectPassword`.
   * @default - `username`
   */
  readonly connectUsername?: string;
}

/** Props of `KafkaCluster.selfManaged()`. */
export interface SelfManagedKafkaClusterProps {
  /** Bootstrap brokers as `host:port`, e.g. `['kafka-0.kafka:9093']`. */
  readonly bootstrapServers: string[];
  /**
   * Whether clients connect with TLS.
   * @default true (as the mongey/kafka provider does)
   */
  readonly tls?: boolean;
  /**
   * SASL authentication.
   * @default - no SASL (mutual TLS or an unauthenticated listener)
   */
  readonly sasl?: SaslCredentials;
  /**
   * URL of a Schema Registry serving this cluster (Confluent Schema Registry, Apicurio in ccompat
   * mode, Redpanda's built-in registry).
   * @default - no registry
   */
  readonly schemaRegistryUrl?: string;
}

/** Schema Registry of a Confluent Cloud environment. */
export interface ConfluentSchemaRegistryProps {
  /** Schema Registry cluster id, e.g. `lsrc-abc123`. */
  readonly id: string;
  /** Its REST endpoint, e.g. `https://psrc-abc123.eu-central-1.aws.confluent.cloud`. */
  readonly restEndpoint: string;
  /** Schema Registry API key (a `Secret.fromTerraformVariable()`). */
  readonly apiKey: Secret;
  /** Schema Registry API secret (a `Secret.fromTerraformVariable()`). */
  readonly apiSecret: Secret;
}

/** Props of `KafkaCluster.confluentCloud()`. */
export interface ConfluentCloudKafkaClusterProps {
  /** Environment id, e.g. `env-abc123`. */
  readonly environmentId: string;
  /** Kafka cluster id, e.g. `lkc-abc123`. */
  readonly clusterId: string;
  /** The cluster's REST endpoint, e.g. `https://pkc-abc123.eu-central-1.aws.confluent.cloud:443`. */
  readonly restEndpoint: string;
  /** The cluster's bootstrap endpoint, e.g. `SASL_SSL://pkc-abc123.eu-central-1.aws.confluent.cloud:9092`. */
  readonly bootstrapEndpoint: string;
  /** Cluster API key (a `Secret.fromTerraformVariable()`, declared as a sensitive variable). */
  readonly apiKey: Secret;
  /** Cluster API secret (a `Secret.fromTerraformVariable()`, declared as a sensitive variable). */
  readonly apiSecret: Secret;
  /**
   * The environment's Schema Registry, needed by `SchemaSubject`s on this cluster.
   * @default - no registry
   */
  readonly schemaRegistry?: ConfluentSchemaRegistryProps;
}

/** A value that can stand inside a double-quoted JAAS option as is. */
const JAAS_VALUE = /^[^"\\\r\n]+$/;

const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;

/**
 * A Kafka cluster the library manages topics, ACLs and schema subjects on: a self-managed cluster
 * (mongey/kafka provider; also fits Redpanda) or a Confluent Cloud cluster (confluentinc/confluent).
 *
 * A cluster is a plain value, not a construct: pass the same object to every topic. The first
 * resource that needs it in a stack configures its Terraform provider there (once per stack and
 * cluster; a second cluster of the same kind in one stack gets a provider alias). Credentials are
 * only ever `Secret` references, so no secret value reaches `cdk.tf.json`.
 */
export abstract class KafkaCluster {
  /** A self-managed cluster (Apache Kafka, Strimzi, MSK, Redpanda) reached through its bootstrap servers. */
  public static selfManaged(props: SelfManagedKafkaClusterProps): KafkaCluster {
    return new SelfManagedKafkaCluster(props);
  }

  /** A Confluent Cloud cluster; the API key and secret come from sensitive Terraform variables. */
  public static confluentCloud(props: ConfluentCloudKafkaClusterProps): KafkaCluster {
    return new ConfluentCloudKafkaCluster(props);
  }

  /** Which kind of cluster this is. */
  public abstract readonly kind: KafkaClusterKind;
  /** Bootstrap servers as `host:port`, for clients (connectors, Flink jobs). */
  public abstract readonly bootstrapServers: string[];
  /** Schema Registry URL, when the cluster has one. */
  public abstract readonly schemaRegistryUrl?: string;
  /** Confluent Cloud environment id (Confluent clusters only). */
  public abstract readonly environmentId?: string;
  /** Confluent Cloud cluster id (Confluent clusters only). */
  public abstract readonly clusterId?: string;

  /**
   * The Terraform provider for this cluster in the scope's stack, configured on first use.
   * @internal
   */
  public abstract _provider(scope: IConstruct): TerraformProvider;

  /**
   * Refuse topic settings this cluster cannot hold.
   * @internal
   */
  public _checkTopic(_topic: IConstruct, _model: ResolvedTopic, _strimzi: StrimziTopicPlacement | undefined): void {}

  /**
   * Create the topic below `topic`: a Terraform resource of this cluster's provider, or a Strimzi
   * `KafkaTopic`.
   * @internal
   */
  public abstract _placeTopic(topic: Construct, model: ResolvedTopic, options: TopicPlacementOptions): void;

  /**
   * Create one ACL below `topic`, with id `id`.
   * @internal
   */
  public abstract _placeAcl(topic: Construct, id: string, entry: AclEntry): void;

  /**
   * How Kafka clients reach this cluster: TLS and SASL of a self-managed cluster; undefined for
   * Confluent Cloud (its managed connectors get no client settings).
   * @internal
   */
  public _clientSecurity(): { readonly tls: boolean; readonly sasl?: SaslCredentials } | undefined {
    return undefined;
  }

}

function requireUrl(path: string, setting: string, value: string | undefined, optional: boolean) {
  if (value === undefined && optional) return;
  if (isToken(value)) return;
  // A registry URL reaches connector configs and provider blocks: credentials in it would be
  // committed with the manifests.
  requireUrlWithoutCredentials(path, setting, value, `drop "user:password@" from the URL; ${setting === 'schemaRegistryUrl'
    ? 'give connectors the registry credentials as references in additionalConfig, e.g. "value.converter.basic.auth.user.info": "${secrets:NAMESPACE/NAME:KEY}" (Secret.fromKubernetesSecret) with "value.converter.basic.auth.credentials.source": "USER_INFO"'
    : 'pass the API key and secret as Secret.fromTerraformVariable("NAME")'}`);
  if (typeof value !== 'string' || !HTTP_URL.test(value)) {
    throw ValidationError.of(path, setting, 'an http(s) URL', value, 'e.g. "https://schema-registry.example.com:8081"');
  }
}

function requireId(path: string, setting: string, value: string | undefined, example: string) {
  if (isToken(value)) return;
  if (typeof value !== 'string' || !/^[a-z]+-[A-Za-z0-9]+$/.test(value)) {
    throw ValidationError.of(path, setting, `a Confluent Cloud id like "${example}"`, value);
  }
}

class SelfManagedKafkaCluster extends KafkaCluster {
  public readonly kind = KafkaClusterKind.SELF_MANAGED;
  public readonly bootstrapServers: string[];
  public readonly schemaRegistryUrl?: string;
  public readonly environmentId?: string = undefined;
  public readonly clusterId?: string = undefined;
  private readonly tls: boolean;
  private readonly sasl?: SaslCredentials;

  constructor(props: SelfManagedKafkaClusterProps) {
    super();
    const path = 'KafkaCluster.selfManaged';
    if (!Array.isArray(props?.bootstrapServers) || props.bootstrapServers.length === 0) {
      throw ValidationError.of(path, 'bootstrapServers', 'a non-empty list of host:port', props?.bootstrapServers);
    }
    for (const server of props.bootstrapServers) {
      if (isToken(server)) continue;
      if (typeof server !== 'string' || !HOST_PORT.test(server)) {
        throw ValidationError.of(path, 'bootstrapServers', 'a list of host:port (no scheme)', server, 'e.g. "kafka-0.kafka:9093"');
      }
    }
    if (props.sasl) {
      if (!Object.values(SaslMechanism).includes(props.sasl.mechanism)) {
        throw ValidationError.of(path, 'sasl.mechanism', `one of ${Object.values(SaslMechanism).join(', ')}`, props.sasl.mechanism);
      }
      if (!isToken(props.sasl.username) && (typeof props.sasl.username !== 'string' || props.sasl.username.length === 0)) {
        throw ValidationError.of(path, 'sasl.username', 'a non-empty string', props.sasl.username);
      }
      requireTerraformSecret(path, 'sasl.password', props.sasl.password);
      const connectPassword = props.sasl.connectPassword;
      if (connectPassword !== undefined) {
        if (typeof (connectPassword as Secret)?.toConnectPlaceholder !== 'function') {
          throw ValidationError.of(path, 'sasl.connectPassword', 'a Secret reference', connectPassword, 'pass Secret.fromKubernetesSecret("NAME", "KEY")');
        }
        if (connectPassword.source === SecretSource.TERRAFORM_VARIABLE) {
          throw ValidationError.of(
            path,
            'sasl.connectPassword',
            'a Kubernetes Secret or config-provider reference (a Connect worker cannot read Terraform variables)',
            connectPassword,
            'pass Secret.fromKubernetesSecret("NAME", "KEY") holding the same password',
          );
        }
      }
      const connectUsername = props.sasl.connectUsername;
      if (connectUsername !== undefined && !isToken(connectUsername) && (typeof connectUsername !== 'string' || !JAAS_VALUE.test(connectUsername))) {
        throw ValidationError.of(path, 'sasl.connectUsername', 'a non-empty user name without quotes, backslashes or line breaks', connectUsername);
      }
    }
    requireUrl(path, 'schemaRegistryUrl', props.schemaRegistryUrl, true);
    this.bootstrapServers = [...props.bootstrapServers];
    this.tls = props.tls ?? true;
    this.sasl = props.sasl;
    this.schemaRegistryUrl = props.schemaRegistryUrl;
  }

  public _clientSecurity() {
    return { tls: this.tls, sasl: this.sasl };
  }

  public _placeTopic(topic: Construct, model: ResolvedTopic, options: TopicPlacementOptions): void {
    if (options.strimzi) {
      new KubernetesManifest(topic, 'KafkaTopic', {
        manifest: renderStrimziKafkaTopic(model, options.strimzi.clusterName, options.strimzi.namespace),
        syncWave: SyncWave.TOPICS,
      });
      return;
    }
    new KafkaTopicResource(topic, 'Resource', {
      provider: this._provider(topic),
      name: model.topicName,
      partitions: model.partitions,
      replicationFactor: model.replicationFactor,
      config: escapeTerraformLiterals(model.config),
      lifecycle: options.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
  }

  public _placeAcl(topic: Construct, id: string, entry: AclEntry): void {
    new KafkaAclResource(topic, id, { provider: this._provider(topic), ...escapeTerraformLiterals(renderMongeyAcl(entry)) });
  }

  public _provider(scope: IConstruct): TerraformProvider {
    return stackProvider(scope, { type: KafkaProvider, key: this, id: 'kafka', create: (stack, id, alias) => this.createProvider(stack, id, alias) });
  }

  private createProvider(stack: TerraformStack, id: string, alias: string | undefined): TerraformProvider {
    // Every setting is literal text for Terraform; the password is a variable reference (a token).
    const provider = new KafkaProvider(stack, id, escapeTerraformLiterals({
      alias,
      bootstrapServers: this.bootstrapServers,
      tlsEnabled: this.tls,
      saslMechanism: this.sasl?.mechanism,
      saslUsername: this.sasl?.username,
      saslPassword: this.sasl?.password.toTerraformValue(stack),
    }));
    if (this.sasl?.mechanism === SaslMechanism.PLAIN && !this.tls) {
      Annotations.of(provider).addWarning(
        'SASL/PLAIN without TLS sends the password in clear text: set tls: true or use SCRAM.',
      );
    }
    return provider;
  }
}

class ConfluentCloudKafkaCluster extends KafkaCluster {
  public readonly kind = KafkaClusterKind.CONFLUENT_CLOUD;
  public readonly bootstrapServers: string[];
  public readonly schemaRegistryUrl?: string;
  public readonly environmentId: string;
  public readonly clusterId: string;
  private readonly props: ConfluentCloudKafkaClusterProps;

  constructor(props: ConfluentCloudKafkaClusterProps) {
    super();
    const path = 'KafkaCluster.confluentCloud';
    requireId(path, 'environmentId', props?.environmentId, 'env-abc123');
    requireId(path, 'clusterId', props.clusterId, 'lkc-abc123');
    requireUrl(path, 'restEndpoint', props.restEndpoint, false);
    const bootstrap = typeof props.bootstrapEndpoint === 'string' ? props.bootstrapEndpoint.replace(/^[A-Z_]+:\/\//, '') : undefined;
    if (!isToken(bootstrap) && (bootstrap === undefined || !HOST_PORT.test(bootstrap))) {
      throw ValidationError.of(path, 'bootstrapEndpoint', 'host:port, optionally prefixed by SASL_SSL://', props.bootstrapEndpoint);
    }
    requireTerraformSecret(path, 'apiKey', props.apiKey);
    requireTerraformSecret(path, 'apiSecret', props.apiSecret);
    if (props.schemaRegistry) {
      requireId(path, 'schemaRegistry.id', props.schemaRegistry.id, 'lsrc-abc123');
      requireUrl(path, 'schemaRegistry.restEndpoint', props.schemaRegistry.restEndpoint, false);
      requireTerraformSecret(path, 'schemaRegistry.apiKey', props.schemaRegistry.apiKey);
      requireTerraformSecret(path, 'schemaRegistry.apiSecret', props.schemaRegistry.apiSecret);
    }
    this.props = props;
    this.environmentId = props.environmentId;
    this.clusterId = props.clusterId;
    this.bootstrapServers = [bootstrap as string];
    this.schemaRegistryUrl = props.schemaRegistry?.restEndpoint;
  }

  public _checkTopic(topic: IConstruct, model: ResolvedTopic, strimzi: StrimziTopicPlacement | undefined): void {
    if (model.replicationFactor !== 3) {
      throw ValidationError.of(topic, 'replicationFactor', '3 on Confluent Cloud (the service fixes it)', model.replicationFactor, 'remove replicationFactor');
    }
    if (model.minInsyncReplicas > 2) {
      throw ValidationError.of(topic, 'minInsyncReplicas', '1 or 2 on Confluent Cloud', model.minInsyncReplicas);
    }
    if (strimzi) {
      throw ValidationError.of(topic, 'strimzi', 'unset on Confluent Cloud (Strimzi only manages its own clusters)', strimzi);
    }
  }

  public _placeTopic(topic: Construct, model: ResolvedTopic, options: TopicPlacementOptions): void {
    new ConfluentKafkaTopic(topic, 'Resource', {
      provider: this._provider(topic),
      topicName: model.topicName,
      partitionsCount: model.partitions,
      config: escapeTerraformLiterals(model.config),
      lifecycle: options.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
  }

  public _placeAcl(topic: Construct, id: string, entry: AclEntry): void {
    new ConfluentKafkaAcl(topic, id, { provider: this._provider(topic), ...escapeTerraformLiterals(renderConfluentAcl(entry)) });
  }

  public _provider(scope: IConstruct): TerraformProvider {
    return stackProvider(scope, { type: ConfluentProvider, key: this, id: 'confluent', create: (stack, id, alias) => this.createProvider(stack, id, alias) });
  }

  private createProvider(stack: TerraformStack, id: string, alias: string | undefined): TerraformProvider {
    // Provider-level cluster settings (all-or-none) keep every topic, ACL and schema free of
    // per-resource credentials blocks.
    const sr = this.props.schemaRegistry;
    // Every setting is literal text for Terraform; the keys are variable references (tokens).
    return new ConfluentProvider(stack, id, escapeTerraformLiterals({
      alias,
      kafkaId: this.props.clusterId,
      kafkaRestEndpoint: this.props.restEndpoint,
      kafkaApiKey: this.props.apiKey.toTerraformValue(stack),
      kafkaApiSecret: this.props.apiSecret.toTerraformValue(stack),
      schemaRegistryId: sr?.id,
      schemaRegistryRestEndpoint: sr?.restEndpoint,
      schemaRegistryApiKey: sr?.apiKey.toTerraformValue(stack),
      schemaRegistryApiSecret: sr?.apiSecret.toTerraformValue(stack),
    }));
  }
}
