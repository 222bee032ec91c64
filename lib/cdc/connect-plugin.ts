import { CdcEngine } from './cdc-options';
import { ValidationError } from '../core/private/validation-error';

/** Options of `ConnectPlugin.debezium()`. */
export interface DebeziumPluginOptions {
  /**
   * SHA-512 of the plugin archive: Strimzi refuses an archive that does not match (supply-chain check).
   * @default - not checked
   */
  readonly sha512sum?: string;
  /**
   * Download URL of the plugin archive.
   * @default - Maven Central's `<artifact>-<version>-plugin.tar.gz`
   */
  readonly url?: string;
}

/**
 * Confluent Platform version of the Avro converter `StrimziKafkaConnect` adds by default: 8.0 is
 * the Confluent release line built against Apache Kafka 4.0, which Strimzi's `kafka.strimzi.io/v1`
 * Connect images run.
 */
export const AVRO_CONVERTER_VERSION = '8.0.0';
const AVRO_CONVERTER_PLUGIN = 'confluent-avro-converter';
const AVRO_CONVERTER_GROUP = 'io.confluent';
const AVRO_CONVERTER_ARTIFACT = 'kafka-connect-avro-converter';
const CONFLUENT_MAVEN_REPOSITORY = 'https://packages.confluent.io/maven/';

/** One Kafka Connect plugin for a Strimzi `KafkaConnect` `spec.build`. */
export class ConnectPlugin {
  /** The Debezium connector for an engine, as the `-plugin.tar.gz` archive Debezium publishes on Maven Central. */
  public static debezium(engine: CdcEngine, version: string, options: DebeziumPluginOptions = {}): ConnectPlugin {
    if (typeof version !== 'string' || !/^\d+\.\d+\.\d+\.(Final|CR\d+|Beta\d+|Alpha\d+)$/.test(version)) {
      throw ValidationError.of('ConnectPlugin.debezium', 'version', 'a Debezium version like "3.2.0.Final"', version);
    }
    const artifact = engine === CdcEngine.MYSQL ? 'debezium-connector-mysql' : 'debezium-connector-postgres';
    const url = options.url ?? `https://repo1.maven.org/maven2/io/debezium/${artifact}/${version}/${artifact}-${version}-plugin.tar.gz`;
    return ConnectPlugin.tgz(artifact, url, options.sha512sum);
  }

  /**
   * Confluent's Avro converter (`io.confluent:kafka-connect-avro-converter` with its dependencies,
   * from Confluent's Maven repository): the `AvroConverter` that connectors with
   * `ChangeEventFormat.AVRO` name. Debezium's plugin archives do not contain it.
   * `StrimziKafkaConnect` adds it (at `AVRO_CONVERTER_VERSION`) when its cluster has a Schema Registry.
   * @param version Confluent Platform version of the converter. @default AVRO_CONVERTER_VERSION
   */
  public static confluentAvroConverter(version: string = AVRO_CONVERTER_VERSION): ConnectPlugin {
    return ConnectPlugin.maven(AVRO_CONVERTER_PLUGIN, AVRO_CONVERTER_GROUP, AVRO_CONVERTER_ARTIFACT, version, CONFLUENT_MAVEN_REPOSITORY);
  }

  /** A `.tgz` archive (`type: tgz`). */
  public static tgz(name: string, url: string, sha512sum?: string): ConnectPlugin {
    checkUrl(url);
    checkSha(sha512sum);
    return new ConnectPlugin(name, { type: 'tgz', url, ...(sha512sum ? { sha512sum } : {}) });
  }

  /**
   * A Maven artifact with its dependencies (`type: maven`), e.g. Confluent's Avro converter
   * `ConnectPlugin.maven('avro-converter', 'io.confluent', 'kafka-connect-avro-converter', '7.9.0', 'https://packages.confluent.io/maven/')`.
   */
  public static maven(name: string, group: string, artifact: string, version: string, repository?: string): ConnectPlugin {
    for (const [setting, value] of [['group', group], ['artifact', artifact], ['version', version]] as const) {
      if (typeof value !== 'string' || !/^[A-Za-z0-9._-]+$/.test(value)) {
        throw ValidationError.of('ConnectPlugin.maven', setting, 'a Maven coordinate part (letters, digits, ".", "_" and "-")', value);
      }
    }
    if (repository !== undefined) checkUrl(repository);
    return new ConnectPlugin(name, { type: 'maven', group, artifact, version, ...(repository ? { repository } : {}) });
  }

  /** Plugin name (a directory on the Connect image). */
  public readonly name: string;
  /** The Strimzi artifact entry. */
  public readonly artifact: Record<string, string>;

  /** Whether this plugin is Confluent's Avro converter (the `AvroConverter` class Avro connectors name). */
  public get isAvroConverter(): boolean {
    return this.artifact.type === 'maven' && this.artifact.group === AVRO_CONVERTER_GROUP && this.artifact.artifact === AVRO_CONVERTER_ARTIFACT;
  }

  private constructor(name: string, artifact: Record<string, string>) {
    if (typeof name !== 'string' || !/^[a-z0-9][-_a-z0-9]*[a-z0-9]$/.test(name)) {
      throw ValidationError.of('ConnectPlugin', 'name', 'lowercase letters, digits, "-" and "_" (Strimzi plugin names)', name);
    }
    this.name = name;
    this.artifact = artifact;
  }
}

function checkUrl(url: string) {
  if (typeof url !== 'string' || !/^(https?|ftp):\/\/[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]$/.test(url)) {
    throw ValidationError.of('ConnectPlugin', 'url', 'an http(s) URL (Strimzi\'s artifact URL pattern)', url);
  }
}

function checkSha(sha?: string) {
  if (sha !== undefined && !/^[0-9a-f]{128}$/.test(sha)) {
    throw ValidationError.of('ConnectPlugin', 'sha512sum', '128 lowercase hex digits', sha);
  }
}
