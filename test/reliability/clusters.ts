import fc from 'fast-check';
import { HOSTILITY, bootstrapServers, confluentId, dnsLabel, enumOrJunk, identifier, k8sSecret, Lazy, nameLike, opt, tfSecret, url } from './arbitraries';
import { KafkaCluster, SaslMechanism } from '../../lib/kafka';
import { confluent as cdcConfluent, selfManaged as cdcSelfManaged } from '../cdc/fixtures';

/** A lazily built KafkaCluster of either kind, from generated (sometimes hostile) settings. */
export const cluster: fc.Arbitrary<Lazy<KafkaCluster>> = fc.oneof(
  fc
    .record({
      bootstrapServers,
      tls: opt(fc.boolean()),
      sasl: opt(
        fc.record({
          mechanism: enumOrJunk(Object.values(SaslMechanism)),
          username: nameLike(identifier),
          password: fc.oneof({ weight: HOSTILITY, arbitrary: tfSecret }, { weight: 1, arbitrary: k8sSecret }),
        }),
      ),
      schemaRegistryUrl: opt(url),
    })
    .map((p) => ({
      describe: `KafkaCluster.selfManaged(${JSON.stringify(p)})`,
      make: () =>
        KafkaCluster.selfManaged({
          bootstrapServers: p.bootstrapServers,
          tls: p.tls,
          sasl: p.sasl && { mechanism: p.sasl.mechanism, username: p.sasl.username, password: p.sasl.password.make() },
          schemaRegistryUrl: p.schemaRegistryUrl,
        }),
    })),
  fc
    .record({
      environmentId: confluentId('env'),
      clusterId: confluentId('lkc'),
      restEndpoint: url,
      bootstrapEndpoint: nameLike(dnsLabel.map((h) => `SASL_SSL://${h}.confluent.cloud:9092`)),
      apiKey: tfSecret,
      apiSecret: tfSecret,
      schemaRegistry: opt(fc.record({ id: confluentId('lsrc'), restEndpoint: url, apiKey: tfSecret, apiSecret: tfSecret })),
    })
    .map((p) => ({
      describe: `KafkaCluster.confluentCloud(${JSON.stringify(p)})`,
      make: () =>
        KafkaCluster.confluentCloud({
          environmentId: p.environmentId,
          clusterId: p.clusterId,
          restEndpoint: p.restEndpoint,
          bootstrapEndpoint: p.bootstrapEndpoint,
          apiKey: p.apiKey.make(),
          apiSecret: p.apiSecret.make(),
          schemaRegistry: p.schemaRegistry && {
            id: p.schemaRegistry.id,
            restEndpoint: p.schemaRegistry.restEndpoint,
            apiKey: p.schemaRegistry.apiKey.make(),
            apiSecret: p.schemaRegistry.apiSecret.make(),
          },
        }),
    })),
);

/** A valid self-managed cluster (for suites whose subject is not the cluster). */
export const selfManaged = (): KafkaCluster => cdcSelfManaged('http://registry:8081');

/** A valid Confluent Cloud cluster with a schema registry. */
export const confluentCloud = (): KafkaCluster => cdcConfluent();
