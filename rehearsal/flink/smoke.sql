-- Smoke test of the SQL runner: datagen -> blackhole and print, two inserts in ONE statement set.
SET 'pipeline.name' = 'sql-runner-smoke';
SET table.exec.source.idle-timeout = 5 s;   -- SQL-client style SET, quoted by the runner

CREATE TABLE orders (
  id BIGINT,
  customer STRING,
  amount DOUBLE,
  ts AS LOCALTIMESTAMP
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.customer.length' = '4',
  'fields.amount.min' = '1',
  'fields.amount.max' = '100'
);

CREATE TABLE totals_sink (customer STRING, total DOUBLE, n BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE sample_sink (id BIGINT, note STRING) WITH ('connector' = 'print', 'print-identifier' = 'smoke');

EXECUTE STATEMENT SET
BEGIN
  -- keyed, stateful: RocksDB state that checkpoints and savepoints carry
  INSERT INTO totals_sink SELECT customer, SUM(amount), COUNT(*) FROM orders GROUP BY customer;
  INSERT INTO sample_sink SELECT id, 'it''s; not -- a comment' FROM orders WHERE MOD(id, 50) = 0;
END;
