-- Kafka smoke test of the SQL runner (rehearsal/flink/smoke.sh with a broker): the connectors and
-- formats the library's jobs use — kafka + json, upsert-kafka + json, debezium-json — each job
-- bounded so the script ends by itself. @BOOTSTRAP@ and @TOPIC@ are replaced by smoke.sh.
SET 'pipeline.name' = 'sql-runner-kafka-smoke';
SET 'table.dml-sync' = 'true';   -- each INSERT waits for its (bounded) job: the steps run in order

CREATE TABLE gen (id BIGINT, customer STRING, amount DOUBLE) WITH (
  'connector' = 'datagen', 'number-of-rows' = '50',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '50',
  'fields.customer.length' = '1', 'fields.amount.min' = '1', 'fields.amount.max' = '10');

CREATE TABLE events (id BIGINT, customer STRING, amount DOUBLE) WITH (
  'connector' = 'kafka', 'topic' = '@TOPIC@-events',
  'properties.bootstrap.servers' = '@BOOTSTRAP@', 'properties.group.id' = 'smoke',
  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
  'format' = 'json', 'sink.delivery-guarantee' = 'at-least-once');

CREATE TABLE totals (customer STRING, total DOUBLE, n BIGINT, PRIMARY KEY (customer) NOT ENFORCED) WITH (
  'connector' = 'upsert-kafka', 'topic' = '@TOPIC@-totals',
  'properties.bootstrap.servers' = '@BOOTSTRAP@',
  'key.format' = 'json', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');

CREATE TABLE cdc_raw (line STRING) WITH (
  'connector' = 'kafka', 'topic' = '@TOPIC@-cdc',
  'properties.bootstrap.servers' = '@BOOTSTRAP@', 'format' = 'raw');

CREATE TABLE cdc (id BIGINT, name STRING) WITH (
  'connector' = 'kafka', 'topic' = '@TOPIC@-cdc',
  'properties.bootstrap.servers' = '@BOOTSTRAP@', 'properties.group.id' = 'smoke',
  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
  'format' = 'debezium-json');

CREATE TABLE out_totals (customer STRING, total DOUBLE, n BIGINT) WITH ('connector' = 'print', 'print-identifier' = 'kafka-roundtrip');
CREATE TABLE out_cdc (id BIGINT, name STRING) WITH ('connector' = 'print', 'print-identifier' = 'kafka-roundtrip-cdc');

INSERT INTO events SELECT * FROM gen;
INSERT INTO totals SELECT customer, SUM(amount), COUNT(*) FROM events GROUP BY customer;
INSERT INTO cdc_raw VALUES
  ('{"before":null,"after":{"id":1,"name":"created"},"op":"c"}'),
  ('{"before":{"id":1,"name":"created"},"after":{"id":1,"name":"updated"},"op":"u"}'),
  ('{"before":null,"after":{"id":2,"name":"gone"},"op":"c"}'),
  ('{"before":{"id":2,"name":"gone"},"after":null,"op":"d"}');
EXECUTE STATEMENT SET BEGIN
  INSERT INTO out_totals SELECT * FROM totals;
  INSERT INTO out_cdc SELECT * FROM cdc;
END;
