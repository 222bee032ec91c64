import { CdcIdentity, topicNames } from './identity';
import { CdcEngine } from '../cdc-options';
import type { CdcSource } from '../cdc-source';

/**
 * `execute-snapshot` signal SQL: inserting this row into the signal table makes the running
 * connector re-read the tables in chunks (an incremental snapshot) while it keeps streaming.
 */
export function renderSnapshotSignalSql(source: CdcSource, tables: string[]): string {
  const data = JSON.stringify({ 'data-collections': tables, 'type': 'incremental' });
  if (source.engine === CdcEngine.MYSQL) {
    const table = source.signalTable.split('.').map((p) => `\`${p}\``).join('.');
    return `INSERT INTO ${table} (id, type, data) VALUES (UUID(), 'execute-snapshot', '${data}');`;
  }
  return `INSERT INTO ${source.signalTable} (id, type, data) VALUES (gen_random_uuid()::text, 'execute-snapshot', '${data}');`;
}

/**
 * The same signal as a Kafka record for the signal topic: the key must be the `topic.prefix`.
 */
export function renderSnapshotSignalRecord(id: CdcIdentity, tables: string[]): { topic: string; key: string; value: string } {
  return {
    topic: topicNames.signal(id),
    key: id.topicPrefix,
    value: JSON.stringify({ type: 'execute-snapshot', data: { 'data-collections': tables, 'type': 'INCREMENTAL' } }),
  };
}
