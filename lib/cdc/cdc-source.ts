import { CdcEngine, DecimalHandlingMode, PostgresDecodingPlugin, PublicationAutocreateMode, SnapshotMode } from './cdc-options';
import { ColumnMask } from './column-mask';
import { Duration } from '../core/duration';
import { requireNoLiteralCredentials, requireSecret } from '../core/private/secrets';
import { requireInstance, requireInstances, requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret } from '../core/secret';
import { Size } from '../core/size';

/** Settings shared by the MySQL and Postgres sources. */
export interface CdcSourceCommonProps {
  /** Host name of the database server. */
  readonly hostname: string;
  /**
   * Port of the database server.
   * @default 3306 (MySQL), 5432 (Postgres)
   */
  readonly port?: number;
  /** The connector's database user (created by the generated setup SQL). */
  readonly user: string;
  /** The user's password, by reference only. */
  readonly password: Secret;
  /**
   * Captured tables, fully qualified: `database.table` (MySQL) or `schema.table` (Postgres).
   * Becomes `table.include.list`; each table gets its own topic `<topicPrefix>.<database|schema>.<table>`.
   */
  readonly tables: string[];
  /**
   * `topic.prefix`: the logical server name, prefix of every topic, key of the connector's offsets.
   * IDENTITY: changing it makes Debezium start from scratch (full re-snapshot into new topics).
   * @default - the id of the `DebeziumConnector` construct
   */
  readonly topicPrefix?: string;
  /**
   * Columns left out of change events (`column.exclude.list`), fully qualified
   * (`database.table.column` / `schema.table.column`). Their table must be captured.
   * @default - none
   */
  readonly excludedColumns?: string[];
  /**
   * Column masks (hash, asterisks, truncation). Their tables must be captured.
   * @default - none
   */
  readonly columnMasks?: ColumnMask[];
  /**
   * `snapshot.mode`.
   * @default SnapshotMode.INITIAL
   */
  readonly snapshotMode?: SnapshotMode;
  /**
   * `decimal.handling.mode`. `STRING` keeps money exact and readable by every consumer.
   * @default DecimalHandlingMode.STRING
   */
  readonly decimalHandling?: DecimalHandlingMode;
  /**
   * `heartbeat.interval.ms`. Heartbeats keep offsets (and the Postgres slot) moving when the
   * captured tables are idle. `Duration.millis(0)` turns them off (rule RP-CDC-1).
   * @default Duration.seconds(10)
   */
  readonly heartbeatInterval?: Duration;
  /**
   * `tombstones.on.delete`: whether a delete is followed by a tombstone (null value) so compacted
   * topics and upsert consumers drop the key. Always rendered explicitly.
   * @default true
   */
  readonly tombstonesOnDelete?: boolean;
  /**
   * Signal table for incremental snapshots (`signal.data.collection`), fully qualified.
   * Created by the setup SQL; the connector writes its snapshot watermarks into it.
   * @default - `<database of the first table>.debezium_signal` (MySQL), `<schema of the first table>.debezium_signal` (Postgres)
   */
  readonly signalTable?: string;
  /**
   * Extra Debezium settings, passed through as-is (they win over generated ones except identity,
   * connection and secret settings, which cannot be overridden here).
   * @default - none
   */
  readonly additionalConfig?: Record<string, string>;
}

/** Props of `CdcSource.mysql()`. */
export interface MySqlCdcSourceProps extends CdcSourceCommonProps {
  /**
   * `database.server.id`: the replica id the connector uses on the binlog. Must be unique among
   * every replica and connector of the MySQL cluster. IDENTITY: keep it stable.
   */
  readonly serverId: number;
  /**
   * Grant `LOCK TABLES` to the connector user: only needed where the global read lock is not
   * allowed (e.g. Amazon RDS / Aurora), so the snapshot falls back to table locks.
   * @default false
   */
  readonly grantLockTables?: boolean;
  /**
   * Binlog retention the setup recommends (`binlog_expire_logs_seconds`): longer than the longest
   * connector outage you want to survive without a re-snapshot.
   * @default Duration.days(7)
   */
  readonly binlogRetention?: Duration;
}

/** Props of `CdcSource.postgres()`. */
export interface PostgresCdcSourceProps extends CdcSourceCommonProps {
  /** `database.dbname`: the database holding the captured tables. */
  readonly database: string;
  /**
   * `slot.name`: the logical replication slot. IDENTITY: a new name means a new slot, and the
   * connector re-snapshots. Lowercase letters, digits and `_`.
   * @default - `debezium_<topicPrefix>` with non-alphanumerics replaced by `_`
   */
  readonly slotName?: string;
  /**
   * `publication.name`.
   * @default - `dbz_<topicPrefix>` with non-alphanumerics replaced by `_`
   */
  readonly publicationName?: string;
  /**
   * `publication.autocreate.mode`. The default lets the setup SQL own the publication, so the
   * connector role needs no ownership of the tables (see docs/cdc.md).
   * @default PublicationAutocreateMode.DISABLED
   */
  readonly publicationAutocreate?: PublicationAutocreateMode;
  /**
   * `plugin.name`.
   * @default PostgresDecodingPlugin.PGOUTPUT
   */
  readonly plugin?: PostgresDecodingPlugin;
  /**
   * Heartbeat table written by `heartbeat.action.query` and published with the captured tables, so
   * the slot advances even when the captured tables are idle on a busy server.
   * @default - `<schema of the first table>.debezium_heartbeat`
   */
  readonly heartbeatTable?: string;
  /**
   * `max_slot_wal_keep_size` the setup recommends: the WAL a stalled slot may pin before Postgres
   * invalidates it (the connector then needs a re-snapshot, but the server keeps its disk).
   * @default Size.gibibytes(50)
   */
  readonly maxSlotWalKeepSize?: Size;
}

const TABLE_PART = '[A-Za-z_][A-Za-z0-9_$]*';
const QUALIFIED_TABLE = new RegExp(`^${TABLE_PART}\\.${TABLE_PART}$`);
const QUALIFIED_COLUMN = new RegExp(`^${TABLE_PART}\\.${TABLE_PART}\\.${TABLE_PART}$`);
const TOPIC_PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;
const USER = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED_KEYS = ['database.password', 'database.user', 'database.hostname', 'topic.prefix', 'database.server.id', 'slot.name', 'connector.class'];

/**
 * A Debezium source: one database server and the tables captured from it. A pure definition:
 * `DebeziumConnector` places it on Strimzi, Kafka Connect or Confluent Cloud, and
 * `CdcSource.mysql()`/`.postgres()` check everything that can be checked without the tree.
 */
export class CdcSource {
  /** A MySQL (or MariaDB) source read from the binlog. */
  public static mysql(props: MySqlCdcSourceProps): CdcSource {
    return new CdcSource(CdcEngine.MYSQL, props, props, undefined);
  }

  /** A Postgres source read through logical decoding (pgoutput). */
  public static postgres(props: PostgresCdcSourceProps): CdcSource {
    return new CdcSource(CdcEngine.POSTGRES, props, undefined, props);
  }

  /** MySQL or Postgres. */
  public readonly engine: CdcEngine;
  /** Database host. */
  public readonly hostname: string;
  /** Database port. */
  public readonly port: number;
  /** Connector user. */
  public readonly user: string;
  /** Connector password reference. */
  public readonly password: Secret;
  /** Captured tables, in the order given. */
  public readonly tables: string[];
  /** `topic.prefix` when set on the source (else the connector's id is used). */
  public readonly topicPrefix?: string;
  /** `column.exclude.list` entries. */
  public readonly excludedColumns: string[];
  /** Column masks. */
  public readonly columnMasks: ColumnMask[];
  /** `snapshot.mode`. */
  public readonly snapshotMode: SnapshotMode;
  /** `decimal.handling.mode`. */
  public readonly decimalHandling: DecimalHandlingMode;
  /** `heartbeat.interval.ms`. */
  public readonly heartbeatInterval: Duration;
  /** `tombstones.on.delete`. */
  public readonly tombstonesOnDelete: boolean;
  /** Signal table (`signal.data.collection`). */
  public readonly signalTable: string;
  /** Pass-through settings. */
  public readonly additionalConfig: Record<string, string>;
  /** MySQL `database.server.id` (undefined for Postgres). */
  public readonly serverId?: number;
  /** MySQL: whether the setup grants LOCK TABLES. */
  public readonly grantLockTables: boolean;
  /** MySQL: recommended binlog retention. */
  public readonly binlogRetention?: Duration;
  /** Postgres `database.dbname`. */
  public readonly database?: string;
  /** Postgres `slot.name` when set on the source (else derived from the topic prefix). */
  public readonly slotName?: string;
  /** Postgres `publication.name` when set on the source (else derived from the topic prefix). */
  public readonly publicationName?: string;
  /** Postgres `publication.autocreate.mode`. */
  public readonly publicationAutocreate?: PublicationAutocreateMode;
  /** Postgres `plugin.name`. */
  public readonly plugin?: PostgresDecodingPlugin;
  /** Postgres heartbeat table. */
  public readonly heartbeatTable?: string;
  /** Postgres `max_slot_wal_keep_size` advice. */
  public readonly maxSlotWalKeepSize?: Size;

  private constructor(engine: CdcEngine, common: CdcSourceCommonProps, mysql?: MySqlCdcSourceProps, pg?: PostgresCdcSourceProps) {
    const where = engine === CdcEngine.MYSQL ? 'CdcSource.mysql' : 'CdcSource.postgres';
    const fail = (setting: string, limit: string, value: unknown, fix?: string) => {
      throw ValidationError.of(where, setting, limit, value, fix);
    };
    if (!common || typeof common !== 'object') fail('props', 'an object', common);
    this.engine = engine;

    if (typeof common.hostname !== 'string' || !HOSTNAME.test(common.hostname)) fail('hostname', 'a host name', common.hostname);
    this.hostname = common.hostname;
    const port = common.port ?? (engine === CdcEngine.MYSQL ? 3306 : 5432);
    requireWholeNumber(where, 'port', port, { min: 1, max: 65535 });
    this.port = port;
    if (typeof common.user !== 'string' || !USER.test(common.user)) {
      fail('user', 'a database user name (letters, digits and "_", at most 32, not starting with a digit)', common.user);
    }
    if (engine === CdcEngine.POSTGRES && !PG_IDENTIFIER.test(common.user)) {
      fail('user', 'a lowercase Postgres role name (lowercase letters, digits and "_")', common.user);
    }
    this.user = common.user;
    requireSecret(where, 'password', common.password);
    this.password = common.password;

    const qualifier = engine === CdcEngine.MYSQL ? 'database.table' : 'schema.table';
    if (!Array.isArray(common.tables) || common.tables.length === 0) {
      fail('tables', 'a non-empty list of captured tables', common.tables, `list the tables to capture as "${qualifier}"`);
    }
    const seen = new Set<string>();
    for (const t of common.tables) {
      if (typeof t !== 'string' || !QUALIFIED_TABLE.test(t)) fail('tables', `fully qualified table names ("${qualifier}")`, t);
      if (engine === CdcEngine.POSTGRES && t !== t.toLowerCase()) fail('tables', 'lowercase Postgres table names (unquoted identifiers)', t);
      if (seen.has(t)) fail('tables', 'free of duplicates', t);
      seen.add(t);
    }
    this.tables = [...common.tables];

    if (common.topicPrefix !== undefined && !TOPIC_PREFIX.test(common.topicPrefix)) {
      fail('topicPrefix', 'letters, digits, ".", "_" and "-" (at most 100, Kafka topic characters)', common.topicPrefix);
    }
    this.topicPrefix = common.topicPrefix;

    const captured = (setting: string, column: string) => {
      if (typeof column !== 'string' || !QUALIFIED_COLUMN.test(column)) fail(setting, `fully qualified column names ("${qualifier}.column")`, column);
      const table = column.slice(0, column.lastIndexOf('.'));
      if (!seen.has(table)) {
        fail(setting, `columns of captured tables (${this.tables.join(', ')})`, column, `add ${table} to tables or remove the column`);
      }
    };
    this.excludedColumns = [...(common.excludedColumns ?? [])];
    this.excludedColumns.forEach((c) => captured('excludedColumns', c));
    requireInstances(where, 'columnMasks', common.columnMasks, ColumnMask, 'a ColumnMask (ColumnMask.hash(…), ColumnMask.asterisks(…), …)');
    this.columnMasks = [...(common.columnMasks ?? [])];
    this.columnMasks.forEach((m) => m.columns.forEach((c) => captured('columnMasks', c)));

    this.snapshotMode = common.snapshotMode ?? SnapshotMode.INITIAL;
    if (!Object.values(SnapshotMode).includes(this.snapshotMode)) fail('snapshotMode', 'a SnapshotMode', this.snapshotMode);
    this.decimalHandling = common.decimalHandling ?? DecimalHandlingMode.STRING;
    if (!Object.values(DecimalHandlingMode).includes(this.decimalHandling)) fail('decimalHandling', 'a DecimalHandlingMode', this.decimalHandling);
    this.heartbeatInterval = common.heartbeatInterval ?? Duration.seconds(10);
    if (!(this.heartbeatInterval instanceof Duration) || this.heartbeatInterval.isInfinite) {
      fail('heartbeatInterval', 'a finite Duration (Duration.millis(0) turns heartbeats off)', String(common.heartbeatInterval));
    }
    this.tombstonesOnDelete = common.tombstonesOnDelete ?? true;

    const firstNamespace = this.tables[0].split('.')[0];
    this.signalTable = common.signalTable ?? `${firstNamespace}.debezium_signal`;
    if (!QUALIFIED_TABLE.test(this.signalTable)) fail('signalTable', `a fully qualified table ("${qualifier}")`, this.signalTable);
    if (seen.has(this.signalTable)) fail('signalTable', 'a table that is not captured', this.signalTable);

    if (common.additionalConfig !== undefined && (common.additionalConfig === null || typeof common.additionalConfig !== 'object' || Array.isArray(common.additionalConfig))) {
      fail('additionalConfig', 'an object of Debezium settings', common.additionalConfig);
    }
    this.additionalConfig = { ...(common.additionalConfig ?? {}) };
    for (const key of Object.keys(this.additionalConfig)) {
      if (RESERVED_KEYS.includes(key)) {
        fail(
          `additionalConfig["${key}"]`,
          'not set here (it is generated from a typed prop)',
          this.additionalConfig[key],
          key === 'database.password' ? 'remove it and set password: Secret.fromKubernetesSecret("NAME", "KEY") (or Secret.fromTerraformVariable("NAME") for Terraform-delivered connectors)' : 'remove it and set the typed prop',
        );
      }
      if (typeof this.additionalConfig[key] !== 'string') fail(`additionalConfig["${key}"]`, 'a string', this.additionalConfig[key]);
    }
    // Connector configs land in committed manifests and Terraform state: credentials only as
    // references the Connect worker resolves (the schema registry's basic.auth.user.info, a JAAS
    // password, an SSL key password, …).
    requireNoLiteralCredentials(where, 'additionalConfig', this.additionalConfig);

    this.grantLockTables = false;
    if (mysql) {
      requireWholeNumber(where, 'serverId', mysql.serverId, { min: 1, max: 4294967295, fix: 'pick an id no other replica or connector of this MySQL cluster uses' });
      this.serverId = mysql.serverId;
      this.grantLockTables = mysql.grantLockTables ?? false;
      requireInstance(where, 'binlogRetention', mysql.binlogRetention, Duration, 'a Duration (e.g. Duration.days(7))');
      this.binlogRetention = mysql.binlogRetention ?? Duration.days(7);
      if (this.binlogRetention.isInfinite || this.binlogRetention.toMilliseconds() < 3_600_000) {
        fail('binlogRetention', 'a finite Duration of at least 1 hour', this.binlogRetention.toHumanString());
      }
    }
    if (pg) {
      // Postgres has no schema history to rebuild: its SnapshotMode enum has no `recovery`, and
      // Debezium refuses the connector configuration. Source: debezium/debezium v3.1.2.Final,
      // debezium-connector-postgres/.../PostgresConnectorConfig.java (enum SnapshotMode: always,
      // initial, never, no_data, initial_only, when_needed, configuration_based, custom).
      if (this.snapshotMode === SnapshotMode.RECOVERY) {
        fail('snapshotMode', 'a mode the Postgres connector has (recovery exists only for connectors with a schema history, e.g. MySQL)', this.snapshotMode, 'use SnapshotMode.INITIAL, or SnapshotMode.WHEN_NEEDED to re-snapshot when offsets are lost');
      }
      if (typeof pg.database !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(pg.database)) fail('database', 'a Postgres database name', pg.database);
      this.database = pg.database;
      if (pg.slotName !== undefined && !PG_IDENTIFIER.test(pg.slotName)) {
        fail('slotName', 'lowercase letters, digits and "_" (at most 63; Postgres slot names)', pg.slotName);
      }
      this.slotName = pg.slotName;
      if (pg.publicationName !== undefined && !PG_IDENTIFIER.test(pg.publicationName)) {
        fail('publicationName', 'a lowercase Postgres identifier', pg.publicationName);
      }
      this.publicationName = pg.publicationName;
      this.publicationAutocreate = pg.publicationAutocreate ?? PublicationAutocreateMode.DISABLED;
      if (!Object.values(PublicationAutocreateMode).includes(this.publicationAutocreate)) {
        fail('publicationAutocreate', 'a PublicationAutocreateMode', this.publicationAutocreate);
      }
      this.plugin = pg.plugin ?? PostgresDecodingPlugin.PGOUTPUT;
      if (!Object.values(PostgresDecodingPlugin).includes(this.plugin)) fail('plugin', 'a PostgresDecodingPlugin', this.plugin);
      this.heartbeatTable = pg.heartbeatTable ?? `${firstNamespace}.debezium_heartbeat`;
      if (!QUALIFIED_TABLE.test(this.heartbeatTable) || this.heartbeatTable !== this.heartbeatTable.toLowerCase()) {
        fail('heartbeatTable', 'a lowercase fully qualified table ("schema.table")', this.heartbeatTable);
      }
      if (seen.has(this.heartbeatTable) || this.heartbeatTable === this.signalTable) {
        fail('heartbeatTable', 'a table that is neither captured nor the signal table', this.heartbeatTable);
      }
      if (this.signalTable !== this.signalTable.toLowerCase()) fail('signalTable', 'a lowercase table name', this.signalTable);
      requireInstance(where, 'maxSlotWalKeepSize', pg.maxSlotWalKeepSize, Size, 'a Size (e.g. Size.gibibytes(50))');
      this.maxSlotWalKeepSize = pg.maxSlotWalKeepSize ?? Size.gibibytes(50);
    }
  }

  /** Whether a fully qualified table is captured by this source. */
  public captures(table: string): boolean {
    return this.tables.includes(table);
  }
}
