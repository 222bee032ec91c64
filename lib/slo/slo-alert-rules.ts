import { Construct } from 'constructs';
import { Duration } from '../core/duration';
import { ArtifactFile } from '../core/private/artifact';
import { dnsLabel } from '../core/private/naming';
import { DNS_LABEL, requireInstance, requireInstances } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { SyncWave } from '../delivery/sync-wave';
import { renderDashboard } from './private/render-dashboard';
import { plainGroup, prometheusRuleObject, renderSloGroups, renderSystemAlertGroup, rulesFileFromGroupYaml, shardGroups } from './private/render-rules';
import { PrometheusRuleGroup } from './rule-group';
import { Slo } from './slo';
import { SystemAlertsOptions } from './system-alerts';

/**
 * Bytes of rules YAML per `PrometheusRule` before the groups continue in the next one: the Prometheus
 * Operator refuses a `PrometheusRule` whose rules file exceeds 512 KiB, and its YAML writer formats a
 * little differently from ours, so this leaves a fifth spare. A single group above it cannot be
 * placed safely at all (a group cannot span two `PrometheusRule`s).
 */
const PROMETHEUS_RULE_BUDGET = 400 * 1024;

/** Props of `SloAlertRules`. */
export interface SloAlertRulesProps {
  /** The SLOs to generate rules for (names unique). */
  readonly slos: Slo[];
  /**
   * System alerts (consumer lag, watermark delay, checkpoints, back-pressure, connectors, DLQ rate).
   * @default - none
   */
  readonly systemAlerts?: SystemAlertsOptions;
  /**
   * Base name of the `PrometheusRule`, the dashboard `ConfigMap` and the rules file.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the `PrometheusRule` and the dashboard `ConfigMap`.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels for the Prometheus operator's `ruleSelector`, e.g. `{ release: 'kps' }` (kube-prometheus-stack
   * selects rules by its Helm release name).
   * @default - none
   */
  readonly ruleLabels?: Record<string, string>;
  /**
   * Whether to generate the Grafana dashboard `ConfigMap` (label `grafana_dashboard: "1"` for the Grafana sidecar).
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Labels of the dashboard `ConfigMap` besides `grafana_dashboard: "1"`.
   * @default - none
   */
  readonly dashboardLabels?: Record<string, string>;
  /**
   * Dashboard title.
   * @default - "SLOs: <name>"
   */
  readonly dashboardTitle?: string;
}

/**
 * Prometheus rules, alerts and a Grafana dashboard for a set of SLOs, usable alone:
 *
 * - `PrometheusRule`s (through `KubernetesManifest`, sync wave MONITORING), one per 400 KiB of rules,
 * - a dashboard `ConfigMap` for the Grafana sidecar (through `KubernetesManifest`),
 * - `prometheus/<name>.rules.yaml` next to the stack's `cdk.tf.json`, for `promtool` and non-operator Prometheus.
 */
export class SloAlertRules extends Construct {
  /** The SLOs. */
  public readonly slos: Slo[];
  /** Every rendered rule group: one per SLO, the set-wide group (`<name>-shared`), then the system alerts group if any. */
  public readonly ruleGroups: PrometheusRuleGroup[];
  /** The set's name, `<namespace>/<name>`: the `slo_set` label of its series. */
  public readonly setName: string;
  /** Base name of the generated resources and file. */
  public readonly resourceName: string;
  /** Namespace of the generated resources. */
  public readonly namespace: string;
  /** Labels on the `PrometheusRule`. */
  public readonly ruleLabels: Record<string, string>;
  /** The plain rules file's path relative to the stack output. */
  public readonly rulesFileName: string;
  /** The (first) `PrometheusRule` manifest. */
  public readonly prometheusRule: KubernetesManifest;
  /**
   * Every `PrometheusRule` manifest: the groups are split, in order, into objects of at most 400 KiB of
   * rules YAML (`<name>`, `<name>-2`, …), because the Prometheus Operator refuses a `PrometheusRule`
   * whose rules file exceeds 512 KiB.
   */
  public readonly prometheusRules: KubernetesManifest[];
  private readonly groupYaml: string[];
  /** The dashboard `ConfigMap`, if generated. */
  public readonly dashboardConfigMap?: KubernetesManifest;

  constructor(scope: Construct, id: string, props: SloAlertRulesProps) {
    super(scope, id);
    requireInstances(this, 'slos', props?.slos, Slo, 'an Slo (Slo.freshness({…}), …)', { required: true });
    const system = props.systemAlerts;
    if (system !== undefined) {
      for (const k of ['watermarkDelay', 'checkpointDuration', 'checkpointFailureWindow', 'for'] as const) {
        requireInstance(this, `systemAlerts.${k}`, system[k], Duration, 'a Duration (e.g. Duration.minutes(5))');
      }
    }
    if (props.slos.length === 0 && !props.systemAlerts) {
      throw ValidationError.of(this, 'slos', 'a non-empty list (or systemAlerts)', props.slos, 'add an Slo or remove the construct');
    }
    const name = props.name ?? dnsLabel(id);
    if (!/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/.test(name)) {
      throw ValidationError.of(this, 'name', 'a DNS label of at most 53 characters (lowercase letters, digits, "-")', name);
    }
    const namespace = props.namespace ?? 'monitoring';
    if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)) {
      throw ValidationError.of(this, 'namespace', 'a Kubernetes namespace name (a DNS label)', namespace);
    }
    for (const [k, v] of Object.entries({ ...(props.ruleLabels ?? {}), ...(props.dashboardLabels ?? {}) })) {
      if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(k) || typeof v !== 'string' || v.length > 63) {
        throw ValidationError.of(this, `ruleLabels / dashboardLabels[${JSON.stringify(k)}]`, 'a Kubernetes label (name and value of at most 63 characters)', v);
      }
    }
    // The set is the PrometheusRule's identity, unique in a cluster: two teams' `slos` do not mix.
    this.setName = `${namespace}/${name}`;
    const groups = renderSloGroups(props.slos, this.node.path, this.setName);
    const systemGroup = props.systemAlerts ? renderSystemAlertGroup(props.systemAlerts, this.node.path) : undefined;
    if (systemGroup) {
      if (groups.some((g) => g.name === systemGroup.name)) {
        throw ValidationError.of(this, 'systemAlerts.groupName', 'different from every SLO group name', systemGroup.name);
      }
      groups.push(systemGroup);
    }
    this.slos = [...props.slos];
    this.ruleGroups = groups;
    this.resourceName = name;
    this.namespace = namespace;
    this.ruleLabels = { ...(props.ruleLabels ?? {}) };
    this.rulesFileName = `prometheus/${name}.rules.yaml`;

    const { shards, yaml, largest } = shardGroups(groups.map(plainGroup), PROMETHEUS_RULE_BUDGET);
    if (largest.bytes > PROMETHEUS_RULE_BUDGET) {
      throw ValidationError.of(
        this,
        `rule group ${largest.name}`,
        `at most ${PROMETHEUS_RULE_BUDGET} bytes of YAML (the Prometheus Operator refuses a PrometheusRule above 512 KiB; a group cannot span two)`,
        largest.bytes,
        'split the SLOs into several SloAlertRules',
      );
    }
    this.groupYaml = yaml;
    this.prometheusRules = shards.map(
      (gs, i) =>
        new KubernetesManifest(this, i === 0 ? 'PrometheusRule' : `PrometheusRule${i + 1}`, {
          manifest: prometheusRuleObject(gs, { name: i === 0 ? name : `${name}-${i + 1}`, namespace, labels: this.ruleLabels }),
          syncWave: SyncWave.MONITORING,
        }),
    );
    this.prometheusRule = this.prometheusRules[0];
    if ((props.dashboard ?? true) && props.slos.length) {
      const json = renderDashboard(props.slos, { title: props.dashboardTitle ?? `SLOs: ${name}`, uid: `slo-${name}`.slice(0, 40) });
      this.dashboardConfigMap = new KubernetesManifest(this, 'Dashboard', {
        manifest: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: `${name}-dashboard`,
            namespace,
            labels: { ...(props.dashboardLabels ?? {}), grafana_dashboard: '1' },
          },
          data: { [`${name}.json`]: JSON.stringify(json, undefined, 2) },
        },
        syncWave: SyncWave.MONITORING,
      });
    }
    new ArtifactFile(this, 'RulesFile', { fileName: this.rulesFileName, render: () => this.renderRulesFile() });
  }

  /** The plain rules file's content (what is written to `rulesFileName`). */
  public renderRulesFile(): string {
    return rulesFileFromGroupYaml(this.groupYaml);
  }
}
