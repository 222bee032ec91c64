import { Duration } from '../core/duration';
import { ValidationError } from '../core/private/validation-error';

/**
 * One multi-window multi-burn-rate alert condition: the alert fires when the SLI error ratio is above
 * `burnRate × (1 − objective)` over both the long and the short window.
 */
export interface BurnRateWindow {
  /** Share of the period's error budget this condition stands for (0.02 = 2 %). */
  readonly budgetShare: number;
  /** The long window: how much evidence the condition needs. */
  readonly longWindow: Duration;
  /** The short window: lets the alert resolve soon after the burn stops. */
  readonly shortWindow: Duration;
  /** Burn-rate factor: `budgetShare × period ÷ longWindow` (14.4 for 2 % over 1h of 30 days). */
  readonly burnRate: number;
}

const M5 = Duration.minutes(5);
const M30 = Duration.minutes(30);
const H1 = Duration.hours(1);
const H2 = Duration.hours(2);
const H6 = Duration.hours(6);
const D1 = Duration.days(1);
const D3 = Duration.days(3);

/**
 * The rolling period an SLO is measured over, with Sloth's alert windows for it.
 *
 * Windows are Sloth's (5m/1h and 30m/6h page, 2h/1d and 6h/3d ticket) for every period; the budget
 * shares are Sloth's catalog: 2 %, 5 %, 10 %, 10 % for 30 and 28 days (the Google SRE workbook) and
 * 8 %, 12.5 %, 20 %, 42 % for 7 days (Sloth's `examples/windows/7d.yaml`). The burn-rate factor is
 * always computed as `share × period ÷ long window`, so 28 days gives 13.44/5.6/2.8/0.9333.
 *
 * @see https://sloth.dev/usage/slo-period-windows/
 */
export class SloPeriod {
  /** 30 days: the SRE workbook's month. The default. */
  public static thirtyDays(): SloPeriod {
    return new SloPeriod(30, [0.02, 0.05, 0.1, 0.1]);
  }
  /** 28 days: four whole weeks, so every weekday weighs the same. */
  public static twentyEightDays(): SloPeriod {
    return new SloPeriod(28, [0.02, 0.05, 0.1, 0.1]);
  }
  /** 7 days: with Sloth's 7-day budget shares (8 %, 12.5 %, 20 %, 42 %). */
  public static sevenDays(): SloPeriod {
    return new SloPeriod(7, [0.08, 0.125, 0.2, 0.42]);
  }
  /** The period for a number of days: 30, 28 or 7 (the periods with a known window catalog). */
  public static ofDays(days: number): SloPeriod {
    if (days === 30) return SloPeriod.thirtyDays();
    if (days === 28) return SloPeriod.twentyEightDays();
    if (days === 7) return SloPeriod.sevenDays();
    throw new ValidationError({
      path: 'SloPeriod.ofDays',
      setting: 'days',
      limit: 'one of 30, 28 or 7 (the periods with a tested alert-window catalog)',
      value: String(days),
      fix: 'use SloPeriod.thirtyDays(), SloPeriod.twentyEightDays() or SloPeriod.sevenDays()',
    });
  }

  /** Length of the period. */
  public readonly duration: Duration;
  /** Length of the period in days. */
  public readonly days: number;
  /** Page conditions: the fast burn (long window 1h) and the slower one (6h). */
  public readonly pageWindows: BurnRateWindow[];
  /** Ticket conditions: 1d and 3d long windows. */
  public readonly ticketWindows: BurnRateWindow[];

  private constructor(days: number, shares: number[]) {
    this.days = days;
    this.duration = Duration.days(days);
    const w = (budgetShare: number, longWindow: Duration, shortWindow: Duration): BurnRateWindow => ({
      budgetShare,
      longWindow,
      shortWindow,
      burnRate: round((budgetShare * this.duration.toSeconds()) / longWindow.toSeconds()),
    });
    this.pageWindows = [w(shares[0], H1, M5), w(shares[1], H6, M30)];
    this.ticketWindows = [w(shares[2], D1, H2), w(shares[3], D3, H6)];
  }

  /** Every window an SLI error ratio is recorded over, shortest first. */
  public get windows(): Duration[] {
    return [M5, M30, H1, H2, H6, D1, D3];
  }
}

/** Round away floating-point noise (14.4 × 0.05 = 0.7200000000000001). */
function round(x: number): number {
  return Number(x.toPrecision(10));
}
