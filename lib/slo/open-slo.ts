import type * as Yaml from 'yaml';
import { Duration } from '../core/duration';
import { hasWindowPlaceholder, num } from './private/promql';
import { Sli } from './sli';
import { Slo } from './slo';
import { SloPeriod } from './slo-period';
import { dnsLabel } from '../core/private/naming';
import { requireInstances } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { toYaml } from '../core/private/yaml';

const API_VERSION = 'openslo/v1';
const RUNBOOK = 'realtime-pipeline/runbook-url';
const KIND = 'realtime-pipeline/slo-kind';
/** The SLO's own name, when the OpenSLO name had to differ from it (`orders_fresh` → `orders-fresh`). */
const ORIGINAL_NAME = 'realtime-pipeline/original-name';
/** The length of a slice for time-slice SLIs: rules evaluate about once a minute. */
const SLICE = '1m';

/**
 * An OpenSLO object name: an RFC 1123 label (lowercase letters, digits and `-`, starting and
 * ending with a letter or digit, at most 63 characters). SLO names may also hold `_`.
 */
function rfc1123(name: string, max = 63): string {
  return dnsLabel(name, max) || 'slo';
}

/** One problem found in an OpenSLO file. */
export interface OpenSloProblem {
  /** Which document (1-based) and SLO the problem is in, e.g. `document 2 (orders-fresh)`. */
  readonly location: string;
  /** What is wrong and what is supported. */
  readonly message: string;
}

/** SLOs read from OpenSLO documents, with the documents that could not be used. */
export interface OpenSloParseResult {
  /** The SLOs read. */
  readonly slos: Slo[];
  /** Problems with `SLO` documents (other kinds are skipped silently). */
  readonly problems: OpenSloProblem[];
}

/**
 * OpenSLO v1 import and export.
 *
 * Export writes names as RFC 1123 labels (`_` becomes `-`; the SLO's own name is kept in the
 * `realtime-pipeline/original-name` annotation when it differs) and queries OpenSLO tools evaluate
 * themselves, with no window placeholder: counter SLIs as raw counter selectors (`counter: true`),
 * other custom queries as per-point rates over 1m (`counter: false`), and time-slice SLIs (latency
 * gauges, running) as `budgetingMethod: Timeslices` with a `thresholdMetric` and 1m slices.
 *
 * Supported on import: `kind: SLO` with an inline `indicator`, one rolling `timeWindow` of 30d, 28d or
 * 7d (4w and 1w too) and one objective with `target` (or `targetPercent`), and either
 * `budgetingMethod: Occurrences` with a `spec.ratioMetric` of `good` or `bad` and `total` Prometheus
 * queries (`metricSource.spec.query`), or `budgetingMethod: Timeslices` with a `thresholdMetric`, the
 * objective's `op` and `value`, `timeSliceTarget: 1` and a `timeSliceWindow`. A ratio query with a
 * window placeholder (`{{window}}` or Sloth's `{{.window}}`) is used as written; otherwise a counter
 * (`counter: true`) becomes `sum(rate(<query>[window]))` and a per-point value (`counter: false`)
 * `sum_over_time((<query>)[window:1m])`.
 *
 * @see https://github.com/OpenSLO/OpenSLO#slo
 */
export class OpenSlo {
  /**
   * The SLOs as a multi-document OpenSLO v1 YAML stream (one `SLO` each, inline indicator). Two SLOs
   * whose names become the same OpenSLO name (`a_b` and `a-b`) are refused.
   */
  public static render(slos: Slo[]): string {
    requireInstances('OpenSlo.render', 'slos', slos, Slo, 'an Slo (Slo.freshness({…}), …)', { required: true });
    const seen = new Map<string, string>();
    for (const s of slos) {
      const name = rfc1123(s.name);
      const other = seen.get(name);
      if (other !== undefined) {
        throw new ValidationError({
          path: 'OpenSlo.render',
          setting: 'slos',
          limit: 'SLOs whose names stay distinct as OpenSLO names (RFC 1123: "_" becomes "-")',
          value: `${JSON.stringify(other)} and ${JSON.stringify(s.name)} (both ${JSON.stringify(name)})`,
          fix: 'rename one of them',
        });
      }
      seen.set(name, s.name);
    }
    return slos.map((s) => toYaml(OpenSlo.toDocument(s))).join('---\n');
  }

  /** One SLO as an OpenSLO v1 `SLO` document (a plain object). */
  public static toDocument(slo: Slo): any {
    const o = slo._plan().openSlo;
    const source = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });
    const name = rfc1123(slo.name);
    const annotations: Record<string, string> = { [KIND]: slo.kind };
    if (name !== slo.name) annotations[ORIGINAL_NAME] = slo.name;
    if (slo.runbookUrl) annotations[RUNBOOK] = slo.runbookUrl;
    let indicator: any;
    let objective: any;
    if (o.threshold) {
      indicator = { thresholdMetric: source(o.threshold.query) };
      objective = { op: o.threshold.op, value: o.threshold.value, timeSliceTarget: 1, timeSliceWindow: SLICE };
    } else {
      const r = o.ratio!;
      const ratio: any = { counter: r.counter, total: source(r.total) };
      if (r.bad !== undefined) ratio.bad = source(r.bad);
      else ratio.good = source(r.good!);
      indicator = { ratioMetric: ratio };
    }
    return {
      apiVersion: API_VERSION,
      kind: 'SLO',
      metadata: {
        name,
        displayName: slo.description,
        labels: Object.keys(slo.subject).length ? { ...slo.subject } : undefined,
        annotations,
      },
      spec: {
        description: slo.description,
        service: rfc1123(slo.subject.pipeline ?? slo.subject.service ?? 'realtime-pipeline'),
        indicator: { metadata: { name: `${rfc1123(name, 59)}-sli` }, spec: indicator },
        timeWindow: [{ duration: `${slo.period.days}d`, isRolling: true }],
        budgetingMethod: o.threshold ? 'Timeslices' : 'Occurrences',
        objectives: [{ displayName: slo.description, ...(objective ?? {}), target: slo.objective }],
      },
    };
  }

  /** Read OpenSLO documents; throws a ValidationError naming the first problem. */
  public static parse(text: string): Slo[] {
    const result = OpenSlo.read(text);
    if (result.problems.length) {
      const p = result.problems[0];
      throw new ValidationError({ path: `OpenSLO ${p.location}`, setting: 'document', limit: 'a supported OpenSLO v1 SLO', value: p.message });
    }
    return result.slos;
  }

  /** Read OpenSLO documents, collecting every problem instead of stopping at the first. */
  public static read(text: string): OpenSloParseResult {
    const slos: Slo[] = [];
    const problems: OpenSloProblem[] = [];
    const docs = yaml().parseAllDocuments(text);
    docs.forEach((doc, i) => {
      const where = `document ${i + 1}`;
      if (doc.errors.length) {
        problems.push({ location: where, message: `YAML error: ${doc.errors[0].message}` });
        return;
      }
      const d = doc.toJS();
      if (d === null || d === undefined) return;
      if (typeof d !== 'object' || d.kind !== 'SLO') return;
      const name = typeof d.metadata?.name === 'string' ? d.metadata.name : undefined;
      const loc = name ? `${where} (${name})` : where;
      try {
        slos.push(fromDocument(d));
      } catch (e) {
        const err = e as ValidationError;
        problems.push({ location: loc, message: err.name === 'ValidationError' ? `${err.setting} must be ${err.limit} (got ${err.value})` : String(err.message) });
      }
    });
    return { slos, problems };
  }

  private constructor() {}
}

function bad(setting: string, limit: string, value: unknown): never {
  throw new ValidationError({ path: 'OpenSLO', setting, limit, value: value === undefined ? 'nothing' : JSON.stringify(value) });
}

/** A Prometheus `metricSource`'s query. */
function promQuery(setting: string, m: any): string {
  const src = m?.metricSource;
  if (!src || String(src.type).toLowerCase() !== 'prometheus') bad(`${setting}.metricSource.type`, '"Prometheus"', src?.type);
  const q = src.spec?.query;
  if (typeof q !== 'string' || q.trim() === '') bad(`${setting}.metricSource.spec.query`, 'a PromQL query', q);
  return q.trim();
}

/** The comparison that makes a slice bad, for an objective's `op` (which says when it is good). */
const BAD_WHEN: Record<string, string> = { lte: '>', lt: '>=', gte: '<', gt: '<=' };

/** An inline indicator as an `Sli.query()`. */
function indicatorSli(spec: any, o: any): Sli {
  const indicator = spec.indicator?.spec;
  if (spec.budgetingMethod === 'Timeslices') {
    if (!indicator?.thresholdMetric) bad('spec.indicator.spec.thresholdMetric', 'an inline threshold metric (with budgetingMethod Timeslices)', indicator ? Object.keys(indicator) : undefined);
    const q = promQuery('thresholdMetric', indicator.thresholdMetric);
    const op = BAD_WHEN[o.op] ?? bad('spec.objectives[0].op', 'one of lte, lt, gte, gt', o.op);
    if (typeof o.value !== 'number') bad('spec.objectives[0].value', 'a number', o.value);
    if (o.timeSliceTarget !== 1) bad('spec.objectives[0].timeSliceTarget', '1 (a slice is one evaluation)', o.timeSliceTarget);
    let slice: string;
    try {
      slice = Duration.parse(String(o.timeSliceWindow)).toPrometheus();
    } catch {
      bad('spec.objectives[0].timeSliceWindow', 'a duration like 1m', o.timeSliceWindow);
    }
    const badSlice = `(${q} ${op} bool ${num(o.value)})`;
    return Sli.query({ bad: `sum_over_time(${badSlice}[{{window}}:${slice!}])`, total: `count_over_time(${badSlice}[{{window}}:${slice!}])` });
  }
  if (spec.budgetingMethod !== 'Occurrences') bad('spec.budgetingMethod', '"Occurrences" or "Timeslices"', spec.budgetingMethod);
  const ratio = indicator?.ratioMetric;
  if (!ratio) bad('spec.indicator.spec.ratioMetric', 'an inline ratio metric (thresholdMetric needs budgetingMethod Timeslices)', indicator ? Object.keys(indicator) : undefined);
  const counter = ratio.counter !== false;
  const query = (part: string): string | undefined => {
    if (ratio[part] === undefined) return undefined;
    const q = promQuery(`ratioMetric.${part}`, ratio[part]);
    if (hasWindowPlaceholder(q)) return q;
    // A counter grows: its rate over the window. A per-point value (counter: false) is a count (or
    // a rate) per evaluation: its sum over the window's points.
    return counter ? `sum(rate(${q}[{{window}}]))` : `sum_over_time((${q})[{{window}}:${SLICE}])`;
  };
  const total = query('total') ?? bad('ratioMetric.total', 'a total query', undefined);
  const goodQ = query('good');
  const badQ = query('bad');
  if ((goodQ === undefined) === (badQ === undefined)) bad('ratioMetric.good / ratioMetric.bad', 'exactly one of them', goodQ ? 'both' : 'neither');
  return Sli.query({ total, good: goodQ, bad: badQ });
}

function fromDocument(d: any): Slo {
  if (d.apiVersion !== API_VERSION) bad('apiVersion', `"${API_VERSION}"`, d.apiVersion);
  const annotations = d.metadata?.annotations ?? {};
  const name = typeof annotations[ORIGINAL_NAME] === 'string' ? annotations[ORIGINAL_NAME] : d.metadata?.name;
  const spec = d.spec ?? bad('spec', 'an object', d.spec);
  if (spec.indicatorRef !== undefined) bad('spec.indicatorRef', 'absent: only inline indicators are supported', spec.indicatorRef);

  const windows = spec.timeWindow;
  if (!Array.isArray(windows) || windows.length !== 1) bad('spec.timeWindow', 'exactly one time window', windows);
  if (windows[0].isRolling !== true) bad('spec.timeWindow[0].isRolling', 'true (calendar windows are not supported)', windows[0].isRolling);
  let period: SloPeriod;
  try {
    period = SloPeriod.ofDays(Duration.parse(String(windows[0].duration)).toMilliseconds() / 86_400_000);
  } catch {
    bad('spec.timeWindow[0].duration', 'one of 30d, 28d, 7d (4w, 1w)', windows[0].duration);
  }
  const objectives = spec.objectives;
  if (!Array.isArray(objectives) || objectives.length !== 1) bad('spec.objectives', 'exactly one objective', objectives);
  const o = objectives[0];
  const target = typeof o.target === 'number' ? o.target : typeof o.targetPercent === 'number' ? o.targetPercent / 100 : bad('spec.objectives[0].target', 'a number between 0 and 1', o.target);
  const sli = indicatorSli(spec, o);

  const subject: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.labels ?? {})) {
    if (typeof v === 'string') subject[k] = v;
    else if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') subject[k] = v[0];
    else bad(`metadata.labels.${k}`, 'a string (or a list of one string)', v);
  }
  const description = typeof spec.description === 'string' && spec.description ? spec.description : undefined;
  const options = {
    name,
    objective: target,
    period: period!,
    description,
    subject,
    runbookUrl: typeof annotations[RUNBOOK] === 'string' ? annotations[RUNBOOK] : undefined,
    sli,
  };
  // The SLI is whatever the queries say, so an imported SLO is a custom one (its original kind is only informative).
  return Slo.custom(options);
}

let yamlModule: typeof Yaml | undefined;

/** The `yaml` parser, loaded on first use: only reading OpenSLO documents needs it. */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlModule ??= require('yaml') as typeof Yaml);
}
