import { Duration } from '../core/duration';
import { requireInstance } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';

/** One hop's worst-case contribution to end-to-end freshness. */
export interface FreshnessHop {
  /** The hop, e.g. `CDC store (binlog poll)`. */
  readonly stage: string;
  /** What adds the delay, e.g. `poll.interval.ms`. */
  readonly setting: string;
  /** Worst-case delay the hop adds. */
  readonly delay: Duration;
}

/** The outcome of checking one freshness threshold against the hops on its path. */
export interface FreshnessBudgetResult {
  /** Which SLO the budget is for. */
  readonly slo: string;
  /** The SLO's freshness threshold. */
  readonly threshold: Duration;
  /** The hops, in data-flow order. */
  readonly hops: FreshnessHop[];
  /** Sum of the hops' worst-case delays. */
  readonly total: Duration;
  /** Whether the total fits within the threshold. */
  readonly withinBudget: boolean;
}

/**
 * Worst-case freshness arithmetic: the delays each hop adds by configuration (not by load), summed
 * and compared with a freshness threshold. A pipeline whose configuration alone exceeds the
 * threshold can never meet its SLO, whatever the hardware: that fails synth.
 */
export class FreshnessBudget {
  /** Sum the hops and compare them with the threshold. */
  public static evaluate(slo: string, threshold: Duration, hops: FreshnessHop[]): FreshnessBudgetResult {
    const where = 'FreshnessBudget.evaluate';
    requireInstance(where, 'threshold', threshold, Duration, 'a Duration (e.g. Duration.seconds(30))', { required: true });
    if (!Array.isArray(hops)) throw ValidationError.of(where, 'hops', 'a list of { stage, setting, delay }', hops);
    hops.forEach((h, i) => requireInstance(where, `hops[${i}].delay`, h?.delay, Duration, 'a Duration (e.g. Duration.seconds(10))', { required: true }));
    const total = hops.reduce((sum, h) => sum.plus(h.delay), Duration.millis(0));
    return { slo, threshold, hops, total, withinBudget: total.compareTo(threshold) <= 0 };
  }

  /** The budget as a Markdown table (the report written next to the synth output). */
  public static toMarkdown(results: FreshnessBudgetResult[]): string {
    const lines = ['# Freshness budget', ''];
    lines.push(
      'Worst-case delay each hop adds by configuration, summed and compared with each freshness SLO.',
      'Load, GC pauses and broker failover come on top: the margin is what those may use.',
      '',
    );
    for (const r of results) lines.push(...FreshnessBudget.table(r), '');
    return lines.join('\n');
  }

  /** Throw a ValidationError with the table when any result is over budget. */
  public static assertWithin(path: string, results: FreshnessBudgetResult[]): void {
    const over = results.filter((r) => !r.withinBudget);
    if (over.length === 0) return;
    const r = over[0];
    throw new ValidationError({
      path,
      setting: `freshness budget of SLO "${r.slo}"`,
      limit: `<= the threshold ${ms(r.threshold)}`,
      value: ms(r.total),
      fix:
        'shorten the largest hops (watermark delay, checkpoint interval for exactly-once sinks, sink buffering) or relax the threshold.\n' +
        FreshnessBudget.table(r).join('\n'),
    });
  }

  private static table(r: FreshnessBudgetResult): string[] {
    const margin = r.threshold.toMilliseconds() - r.total.toMilliseconds();
    return [
      `## ${r.slo} — threshold ${ms(r.threshold)}: ${r.withinBudget ? 'within budget' : 'OVER BUDGET'}`,
      '',
      '| hop | setting | worst-case delay |',
      '|---|---|---:|',
      ...r.hops.map((h) => `| ${h.stage} | ${h.setting} | ${ms(h.delay)} |`),
      `| **total** | | **${ms(r.total)}** |`,
      `| margin | | ${margin >= 0 ? '' : '-'}${ms(Duration.millis(Math.abs(margin)))} |`,
    ];
  }

  private constructor() {}
}

function ms(d: Duration): string {
  const v = d.toMilliseconds();
  return v % 1000 === 0 ? `${v / 1000} s` : `${(v / 1000).toFixed(3)} s`;
}
