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

// The generated provider bindings (lib/providers) are private: a provider bump is no API change of
// this library. The resources the constructs create are reachable as `TerraformResource`s.
