export * from './flink-version';
export * from './sql-type';
export * from './expectation';
export * from './flink-table';
export * from './flink-statement';
export * from './flink-settings';
export * from './flink-sql-job';
