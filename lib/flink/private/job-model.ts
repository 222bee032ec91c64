import { FlinkSinkInfo, FlinkSourceInfo } from '../flink-job-model';
import { FlinkStatement, FlinkStatementKind } from '../flink-statement';
import { DeliveryGuarantee, FlinkTable, FlinkTableKind } from '../flink-table';
import { RenderedSql } from './sql';

/**
 * The sinks of a job as the rule pack and the freshness budget read them: the tables the renderer
 * declared (the dead-letter table by identity), and the Kafka tables of hand-written DDL.
 */
export function describeSinks(statements: FlinkStatement[], rendered: RenderedSql): FlinkSinkInfo[] {
  const out: FlinkSinkInfo[] = rendered.tables
    .filter((t) => t.isSink)
    .map((t) => ({
      tableName: t.name,
      topicName: t.topicName,
      connector: t.kind === FlinkTableKind.UPSERT_SINK ? 'upsert-kafka' : 'kafka',
      deliveryGuarantee: t.deliveryGuarantee!,
      primaryKey: [...t.primaryKey],
      deadLetter: t === rendered.deadLetterTable,
    }));
  // Hand-written DDL: read what it declares, so the rules see these sinks too.
  for (const s of statements.filter((x) => x.kind === FlinkStatementKind.SQL)) {
    const text = s._text!;
    const m = text.match(/^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w.]+)`?/i);
    const connector = text.match(/'connector'\s*=\s*'([^']+)'/i)?.[1];
    if (!m || !connector || !/kafka/.test(connector)) continue;
    const pk = text.match(/PRIMARY\s+KEY\s*\(([^)]*)\)/i)?.[1];
    out.push({
      tableName: m[1],
      topicName: text.match(/'topic'\s*=\s*'([^']+)'/i)?.[1] ?? '',
      connector,
      deliveryGuarantee: (text.match(/'sink\.delivery-guarantee'\s*=\s*'([^']+)'/i)?.[1] as DeliveryGuarantee) ?? DeliveryGuarantee.AT_LEAST_ONCE,
      primaryKey: pk ? pk.split(',').map((c) => c.trim().replace(/`/g, '')) : [],
      deadLetter: false,
    });
  }
  return out;
}

export function describeSources(statements: FlinkStatement[], tables: FlinkTable[]): FlinkSourceInfo[] {
  return tables
    .filter((t) => !t.isSink)
    .map((t) => ({
      tableName: t.name,
      topicName: t.topicName,
      eventTime: t.eventTime,
      hasWatermark: t.watermarkDelay !== undefined,
      feedsStatefulOperator: statements.some((s) => s.ordersByEventTime && s.reads.includes(t)),
      emitsOnWatermark: statements.some((s) => s.kind === FlinkStatementKind.WINDOW_AGGREGATE && s.reads.includes(t)),
    }));
}
