import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { selfManaged, shopPostgres, storeMySql } from './fixtures';
import {
  CdcSource, ConnectorTarget, DebeziumConnector, DecimalHandlingMode, Duration,
  PostgresDecodingPlugin, PublicationAutocreateMode, Secret, SnapshotMode,
} from '../../lib';
import { CDC_RULES } from '../../lib/cdc/rules';

function connector(source: CdcSource): DebeziumConnector {
  const s = new TerraformStack(Testing.app(), 'prod');
  return new DebeziumConnector(s, 'C', { source, cluster: selfManaged(), target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }) });
}

function check(id: string, source: CdcSource) {
  const r = CDC_RULES.find((x) => x.id === id)!;
  return r.check(connector(source), { production: true });
}

const pgK8s = (o: any = {}) => shopPostgres({ password: Secret.fromKubernetesSecret('pg', 'password'), ...o });

describe('CDC rules', () => {
  test('ids are unique, stable and documented', () => {
    expect(CDC_RULES.map((r) => r.id)).toEqual(['RP-CDC-1', 'RP-CDC-2', 'RP-CDC-3', 'RP-CDC-4', 'RP-CDC-5', 'RP-CDC-6']);
    for (const r of CDC_RULES) expect([r.summary, r.explanation, r.fix].every((t) => t.length > 10)).toBe(true);
  });

  test('do not apply to other constructs', () => {
    const other = new Construct(Testing.app(), 'x');
    for (const r of CDC_RULES) expect(r.check(other, { production: true }).applicable).toBe(false);
  });

  test.each([
    ['RP-CDC-1', storeMySql(), storeMySql({ heartbeatInterval: Duration.millis(0) }), /heartbeat.interval.ms is 0/],
    ['RP-CDC-2', storeMySql({ decimalHandling: DecimalHandlingMode.DOUBLE }), storeMySql({ decimalHandling: DecimalHandlingMode.PRECISE }), /decimal.handling.mode is precise/],
    ['RP-CDC-3', pgK8s(), pgK8s({ plugin: PostgresDecodingPlugin.DECODERBUFS }), /plugin.name is decoderbufs/],
    ['RP-CDC-4', storeMySql({ snapshotMode: SnapshotMode.INITIAL }), storeMySql({ snapshotMode: SnapshotMode.WHEN_NEEDED }), /when_needed silently re-snapshots/],
    ['RP-CDC-5', storeMySql({ tombstonesOnDelete: true }), storeMySql({ tombstonesOnDelete: false }), /tombstones.on.delete is false/],
    ['RP-CDC-6', pgK8s({ publicationAutocreate: PublicationAutocreateMode.FILTERED }), pgK8s({ publicationAutocreate: PublicationAutocreateMode.ALL_TABLES }), /all_tables/],
  ])('%s: compliant and non-compliant', (id, good, bad, finding) => {
    const ok = check(id as string, good as CdcSource);
    expect([ok.applicable, ok.isNonCompliant]).toEqual([true, false]);
    const ko = check(id as string, bad as CdcSource);
    expect(ko.isNonCompliant).toBe(true);
    expect(ko.finding).toMatch(finding as RegExp);
  });

  test('RP-CDC-1 renders heartbeats off as 0 and omits the heartbeat query', () => {
    const c = connector(pgK8s({ heartbeatInterval: Duration.millis(0) }));
    expect(c.model.config['heartbeat.interval.ms']).toBe('0');
    expect(c.model.config['heartbeat.action.query']).toBeUndefined();
  });
});
