import type * as Yaml from 'yaml';
import { Duration } from '../core/duration';
import { hasWindowPlaceholder } from './private/promql';
import { Sli } from './sli';
import { Slo } from './slo';
import { SloPeriod } from './slo-period';
import { ValidationError } from '../core/private/validation-error';
import { toYaml } from '../core/private/yaml';

const API_VERSION = 'openslo/v1';
const RUNBOOK = 'realtime-pipeline/runbook-url';
const KIND = 'realtime-pipeline/slo-kind';

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
 * Supported on import: `kind: SLO` with an inline `indicator` whose `spec.ratioMetric` has `good` or `bad`
 * and `total` Prometheus queries (`metricSource.spec.query`), one rolling `timeWindow` of 30d, 28d or 7d
 * (4w and 1w too), `budgetingMethod: Occurrences` and one objective with `target` (or `targetPercent`).
 * A query with a window placeholder (`{{window}}` or Sloth's `{{.window}}`) is used as written; a bare
 * counter selector with `counter: true` becomes `sum(rate(<query>[window]))`.
 *
 * @see https://github.com/OpenSLO/OpenSLO#slo
 */
export class OpenSlo {
  /** The SLOs as a multi-document OpenSLO v1 YAML stream (one `SLO` each, inline ratio indicator). */
  public static render(slos: Slo[]): string {
    return slos.map((s) => toYaml(OpenSlo.toDocument(s))).join('---\n');
  }

  /** One SLO as an OpenSLO v1 `SLO` document (a plain object). */
  public static toDocument(slo: Slo): any {
    const q = slo._plan().openSlo;
    const source = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });
    const ratio: any = { counter: true, total: source(q.total) };
    if (q.bad !== undefined) ratio.bad = source(q.bad);
    else ratio.good = source(q.good!);
    const annotations: Record<string, string> = { [KIND]: slo.kind };
    if (slo.runbookUrl) annotations[RUNBOOK] = slo.runbookUrl;
    return {
      apiVersion: API_VERSION,
      kind: 'SLO',
      metadata: {
        name: slo.name,
        displayName: slo.description,
        labels: Object.keys(slo.subject).length ? { ...slo.subject } : undefined,
        annotations,
      },
      spec: {
        description: slo.description,
        service: slo.subject.pipeline ?? slo.subject.service ?? 'realtime-pipeline',
        indicator: { metadata: { name: `${slo.name}-sli` }, spec: { ratioMetric: ratio } },
        timeWindow: [{ duration: `${slo.period.days}d`, isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ displayName: slo.description, target: slo.objective }],
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

function fromDocument(d: any): Slo {
  if (d.apiVersion !== API_VERSION) bad('apiVersion', `"${API_VERSION}"`, d.apiVersion);
  const name = d.metadata?.name;
  const spec = d.spec ?? bad('spec', 'an object', d.spec);
  if (spec.indicatorRef !== undefined) bad('spec.indicatorRef', 'absent: only inline indicators are supported', spec.indicatorRef);
  const ratio = spec.indicator?.spec?.ratioMetric;
  if (!ratio) bad('spec.indicator.spec.ratioMetric', 'an inline ratio metric (thresholdMetric is not supported)', spec.indicator?.spec ? Object.keys(spec.indicator.spec) : undefined);
  const counter = ratio.counter !== false;
  const query = (part: string): string | undefined => {
    const m = ratio[part];
    if (m === undefined) return undefined;
    const src = m.metricSource;
    if (!src || String(src.type).toLowerCase() !== 'prometheus') bad(`ratioMetric.${part}.metricSource.type`, '"Prometheus"', src?.type);
    const q = src.spec?.query;
    if (typeof q !== 'string' || q.trim() === '') bad(`ratioMetric.${part}.metricSource.spec.query`, 'a PromQL query', q);
    if (hasWindowPlaceholder(q)) return q.trim();
    if (!counter) bad(`ratioMetric.${part}.metricSource.spec.query`, 'a query with a {{window}} placeholder when counter is false', q);
    return `sum(rate(${q.trim()}[{{window}}]))`;
  };
  const total = query('total') ?? bad('ratioMetric.total', 'a total query', undefined);
  const goodQ = query('good');
  const badQ = query('bad');
  if ((goodQ === undefined) === (badQ === undefined)) bad('ratioMetric.good / ratioMetric.bad', 'exactly one of them', goodQ ? 'both' : 'neither');

  const windows = spec.timeWindow;
  if (!Array.isArray(windows) || windows.length !== 1) bad('spec.timeWindow', 'exactly one time window', windows);
  if (windows[0].isRolling !== true) bad('spec.timeWindow[0].isRolling', 'true (calendar windows are not supported)', windows[0].isRolling);
  let period: SloPeriod;
  try {
    period = SloPeriod.ofDays(Duration.parse(String(windows[0].duration)).toMilliseconds() / 86_400_000);
  } catch {
    bad('spec.timeWindow[0].duration', 'one of 30d, 28d, 7d (4w, 1w)', windows[0].duration);
  }
  if (spec.budgetingMethod !== 'Occurrences') bad('spec.budgetingMethod', '"Occurrences"', spec.budgetingMethod);
  const objectives = spec.objectives;
  if (!Array.isArray(objectives) || objectives.length !== 1) bad('spec.objectives', 'exactly one objective', objectives);
  const o = objectives[0];
  const target = typeof o.target === 'number' ? o.target : typeof o.targetPercent === 'number' ? o.targetPercent / 100 : bad('spec.objectives[0].target', 'a number between 0 and 1', o.target);

  const subject: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.labels ?? {})) {
    if (typeof v === 'string') subject[k] = v;
    else if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') subject[k] = v[0];
    else bad(`metadata.labels.${k}`, 'a string (or a list of one string)', v);
  }
  const annotations = d.metadata?.annotations ?? {};
  const description = typeof spec.description === 'string' && spec.description ? spec.description : undefined;
  const options = {
    name,
    objective: target,
    period: period!,
    description,
    subject,
    runbookUrl: typeof annotations[RUNBOOK] === 'string' ? annotations[RUNBOOK] : undefined,
    sli: Sli.query({ total, good: goodQ, bad: badQ }),
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
