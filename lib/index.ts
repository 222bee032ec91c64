// Public API of cdktf-realtime-pipeline.
//
// The Kubernetes provider is never imported from its barrel: constructs deep-import
// `@cdktf/provider-kubernetes/lib/<resource>` so that loading this package stays cheap.
export * from './core';
export * from './delivery';
export * from './kafka';
export * from './contracts';
export * from './cdc';
export * from './flink';
export * from './slo';
export * from './pipeline';
export * from './rules';
export * from './guard';

// Generated provider bindings (see lib/providers/README.md), exported as namespaces.
export * as kafka from './providers/kafka';
export * as kafkaConnect from './providers/kafka-connect';
export * as confluent from './providers/confluent';
