import { CdcEngine, ChangeEventFormat } from './cdc-options';
import { ConnectorTargetKind } from './connector-target';

/**
 * What a `DebeziumConnector` is, as plain data: what the rule pack, the lock guard, the lineage and
 * the rehearsal read. The construct adds its identity (`connectorName`), its inputs (`source`,
 * `target`, `cluster`) and the topics it writes.
 */
export interface ConnectorModel {
  /** Connector name. */
  readonly connectorName: string;
  /** The source database engine. */
  readonly engine: CdcEngine;
  /** Which system runs the connector. */
  readonly targetKind: ConnectorTargetKind;
  /** IDENTITY: `topic.prefix`. */
  readonly topicPrefix: string;
  /** IDENTITY: Postgres `slot.name` (undefined for MySQL). */
  readonly slotName?: string;
  /** Postgres `publication.name` (undefined for MySQL). */
  readonly publicationName?: string;
  /** IDENTITY: MySQL `database.server.id` (undefined for Postgres). */
  readonly serverId?: number;
  /** Serialization of change events. */
  readonly format: ChangeEventFormat;
  /**
   * The rendered connector configuration, with the password as the target's reference (never the
   * value). For Confluent Cloud: the non-sensitive part.
   */
  readonly config: Record<string, string>;
  /** The source-database setup SQL (also written to `setupSqlFileName` next to `cdk.tf.json`). */
  readonly setupSql: string;
  /** Where the setup SQL is written, relative to the stack's output directory. */
  readonly setupSqlFileName: string;
}
