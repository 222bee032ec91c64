import { CdcEngine, DecimalHandlingMode, PostgresDecodingPlugin, PublicationAutocreateMode, SnapshotMode } from './cdc-options';
import { DebeziumConnector } from './debezium-connector';
import { ruleFor } from '../core/private/define-rule';
import { IRule, RuleLevel } from '../core/rules';

const rule = ruleFor((n): n is DebeziumConnector => DebeziumConnector.isDebeziumConnector(n));

const RISKY_SNAPSHOT_MODES: Record<string, string> = {
  [SnapshotMode.ALWAYS]: 're-emits every row on every restart',
  [SnapshotMode.NO_DATA]: 'consumers never see the rows that existed before the connector started',
  [SnapshotMode.RECOVERY]: 'is for rebuilding a lost schema history once, not for steady state',
  [SnapshotMode.WHEN_NEEDED]: 'silently re-snapshots whenever offsets are lost or the log was purged',
};

/** The CDC footguns, one rule each (ids RP-CDC-n; listed in RULES.md). */
export const CDC_RULES: IRule[] = [
  rule(
    'RP-CDC-1',
    RuleLevel.WARNING,
    'Debezium heartbeats are on (heartbeat.interval.ms > 0).',
    'With heartbeats off, a connector whose tables are idle never commits a newer offset: on Postgres the replication slot pins WAL until the disk fills; on MySQL a restart may find its binlog position purged and need a re-snapshot. Freshness alerts also cannot tell "idle" from "stuck".',
    'Leave heartbeatInterval at its default (10 s) or set a positive Duration.',
    (c) => (c.source.heartbeatInterval.toMilliseconds() === 0 ? `${c.connectorName}: heartbeat.interval.ms is 0 (heartbeats off)` : undefined),
  ),
  rule(
    'RP-CDC-2',
    RuleLevel.WARNING,
    'decimal.handling.mode is string (or double), not precise.',
    'precise (Debezium\'s default) encodes DECIMAL/NUMERIC as bytes of a BigDecimal: JSON consumers see base64, Flink and most sinks need the exact schema to decode it, and amounts (money) are silently misread. string keeps the exact value readable everywhere.',
    'Use DecimalHandlingMode.STRING (the default).',
    (c) => (c.source.decimalHandling === DecimalHandlingMode.PRECISE ? `${c.connectorName}: decimal.handling.mode is precise` : undefined),
  ),
  rule(
    'RP-CDC-3',
    RuleLevel.ERROR,
    'Postgres sources use the pgoutput decoding plugin.',
    'decoderbufs (Debezium\'s default) must be compiled into the Postgres server; managed Postgres (RDS, Cloud SQL, Azure) does not ship it, and the connector fails at start. pgoutput is built into Postgres 10+.',
    'Use PostgresDecodingPlugin.PGOUTPUT (the default).',
    (c) => (c.source.engine === CdcEngine.POSTGRES && c.source.plugin !== PostgresDecodingPlugin.PGOUTPUT ? `${c.connectorName}: plugin.name is ${c.source.plugin}` : undefined),
  ),
  rule(
    'RP-CDC-4',
    RuleLevel.WARNING,
    'snapshot.mode is not one that re-snapshots or skips data silently.',
    'always re-emits every row on each restart; no_data hides pre-existing rows from consumers; recovery is a one-off repair mode; when_needed re-snapshots without anyone deciding to. Each floods or starves downstream state without a review.',
    'Use SnapshotMode.INITIAL, and backfill single tables with an incremental snapshot signal (DebeziumConnector.backfillSql()).',
    (c) => {
      const why = RISKY_SNAPSHOT_MODES[c.source.snapshotMode];
      return why ? `${c.connectorName}: snapshot.mode ${c.source.snapshotMode} ${why}` : undefined;
    },
  ),
  rule(
    'RP-CDC-5',
    RuleLevel.WARNING,
    'Deletes produce tombstones (tombstones.on.delete=true).',
    'Without tombstones a deleted row stays in a compacted CDC topic forever, and upsert consumers (Flink upsert-kafka, ksqlDB tables, sinks keyed by id) never learn the key was deleted.',
    'Leave tombstonesOnDelete at true unless no consumer and no compacted topic relies on deletes.',
    (c) => (c.source.tombstonesOnDelete ? undefined : `${c.connectorName}: tombstones.on.delete is false`),
  ),
  rule(
    'RP-CDC-6',
    RuleLevel.WARNING,
    'Postgres publications list the captured tables, not ALL TABLES.',
    'A publication FOR ALL TABLES makes Postgres decode every table of the database for the slot (CPU, WAL retention) and needs a superuser to create; tables added later are published without review.',
    'Use PublicationAutocreateMode.DISABLED (the default: the setup SQL creates the publication for exactly the captured tables).',
    (c) => (c.source.publicationAutocreate === PublicationAutocreateMode.ALL_TABLES ? `${c.connectorName}: publication.autocreate.mode is all_tables` : undefined),
  ),
];
