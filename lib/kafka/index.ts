export * from './kafka-cluster';
export * from './topic';
export * from './dead-letter-topic';
