// Public API of the cdc domain.
export * from './cdc-options';
export * from './column-mask';
export * from './cdc-source';
export * from './connector-target';
export * from './connector-model';
export * from './connect-plugin';
export * from './strimzi-kafka-connect';
export * from './debezium-connector';
