// Public API of the flink domain.
export {};
