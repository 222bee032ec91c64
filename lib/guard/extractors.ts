import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { DebeziumConnector } from '../cdc/debezium-connector';
import { SchemaSubject } from '../contracts';
import { LockEntry } from './lock-model';
import { FlinkSqlJob } from '../flink/flink-sql-job';
import { Topic } from '../kafka/topic';

/** The lock entries of every construct below a scope that holds data or state. */
export function extractLockEntries(scope: IConstruct): LockEntry[] {
  const out: LockEntry[] = [];
  for (const node of scope.node.findAll()) {
    const e = entryOf(node);
    if (e) out.push(e);
  }
  return out;
}

function entryOf(node: IConstruct): LockEntry | undefined {
  if (node instanceof Topic) {
    return {
      kind: 'topic',
      name: node.topicName,
      path: node.node.path,
      settings: { partitions: node.partitions, replicationFactor: node.model.replicationFactor },
    };
  }
  if (node instanceof SchemaSubject) {
    return { kind: 'subject', name: node.subjectName, path: node.node.path, settings: { compatibility: String(node.compatibility) } };
  }
  if (node instanceof DebeziumConnector) {
    const settings: Record<string, string | number | boolean> = { topicPrefix: node.model.topicPrefix };
    if (node.model.serverId !== undefined) settings.serverId = node.model.serverId;
    if (node.model.slotName !== undefined) settings.slotName = node.model.slotName;
    if (node.model.publicationName !== undefined) settings.publicationName = node.model.publicationName;
    return { kind: 'cdc-source', name: node.connectorName, path: node.node.path, settings };
  }
  if (node instanceof FlinkSqlJob && node.model.stateful) {
    return {
      kind: 'flink-job',
      name: node.jobName,
      path: node.node.path,
      settings: { stateFingerprint: stateFingerprint(node) },
      upgrade: { allowNonRestoredState: node.model.allowNonRestoredState, formerFingerprint: stateFingerprint(node, true) },
    };
  }
  return undefined;
}

/**
 * A fingerprint of what a Flink SQL job's state depends on: the query (operators, keys, windows)
 * and the schemas of the tables it reads. Flink SQL gives no state-compatibility guarantee across
 * query changes, so any change to these counts as state-incompatible; connection options
 * (bootstrap servers, formats' registry URLs) are left out, and so is a watermark's expression
 * (its delay): it changes when results are emitted, not the operators, their uids or their state
 * (rehearsed: a savepoint taken with one delay restores under another).
 */
export function stateFingerprint(job: FlinkSqlJob, withWatermarkExpr = false): string {
  const normalize = (s: string) => s.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  // `withWatermarkExpr`: the fingerprint locks written before the watermark was left out hold.
  const withoutWatermarkExpr = (ddl: string) => (withWatermarkExpr ? ddl : ddl.replace(/^(\s*WATERMARK\s+FOR\s+\S+)\s+AS\s+.*?(,?)\s*$/gim, '$1$2'));
  const schemas = job.model.ddlStatements.map((ddl) => normalize(withoutWatermarkExpr(ddl.replace(/WITH\s*\([\s\S]*\)\s*;?\s*$/i, ''))));
  return createHash('sha256')
    .update(normalize(job.model.dmlStatement))
    .update('\n')
    .update(schemas.join('\n'))
    .digest('hex')
    .slice(0, 16);
}
