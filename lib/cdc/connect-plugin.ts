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
