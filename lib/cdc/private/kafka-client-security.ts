import { SaslMechanism } from '../../kafka/kafka-cluster';

/** Kafka's `sasl.mechanism` name of each mechanism. */
export const SASL_MECHANISM_NAME: Record<SaslMechanism, string> = {
  [SaslMechanism.PLAIN]: 'PLAIN',
  [SaslMechanism.SCRAM_SHA_256]: 'SCRAM-SHA-256',
  [SaslMechanism.SCRAM_SHA_512]: 'SCRAM-SHA-512',
};

/** The JAAS login module Kafka's clients use for each mechanism. */
export const LOGIN_MODULE: Record<SaslMechanism, string> = {
  [SaslMechanism.PLAIN]: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  [SaslMechanism.SCRAM_SHA_256]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
  [SaslMechanism.SCRAM_SHA_512]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/** What a cluster says about how clients reach it. */
export interface ClientSecurityInput {
  readonly tls: boolean;
  readonly sasl?: {
    readonly mechanism: SaslMechanism;
    /** The JAAS login, with the password as the Connect worker resolves it (a config-provider placeholder). */
    readonly login?: { readonly username: string; readonly password: string };
  };
}

/**
 * The client settings Debezium's own Kafka clients need on a cluster with TLS and/or SASL
 * (`security.protocol`, `sasl.mechanism`, `sasl.jaas.config`). The password is a placeholder the
 * worker resolves, never a value. No truststore: the library does not know where a worker keeps
 * the cluster's CA, so the JVM's default trust store applies unless the user adds `ssl.truststore.*`.
 */
export function deriveClientSecurity(input: ClientSecurityInput): Record<string, string> {
  const { tls, sasl } = input;
  if (!tls && !sasl) return {};
  const out: Record<string, string> = {
    'security.protocol': sasl ? (tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : 'SSL',
  };
  if (sasl) {
    out['sasl.mechanism'] = SASL_MECHANISM_NAME[sasl.mechanism];
    if (sasl.login) {
      out['sasl.jaas.config'] = `${LOGIN_MODULE[sasl.mechanism]} required username="${sasl.login.username}" password="${sasl.login.password}";`;
    }
  }
  return out;
}
