import { Duration, Errors } from '../../lib';

describe('Duration', () => {
  test('renders Kafka milliseconds, with -1 for infinite', () => {
    expect(Duration.days(2).toKafkaMs()).toBe('172800000');
    expect(Duration.infinite().toKafkaMs()).toBe('-1');
  });

  test('renders Flink durations in the largest exact unit', () => {
    expect(Duration.seconds(10).toFlink()).toBe('10 s');
    expect(Duration.minutes(3).toFlink()).toBe('3 min');
    expect(Duration.millis(1500).toFlink()).toBe('1500 ms');
    expect(Duration.hours(48).toFlink()).toBe('2 d');
  });

  test('renders Prometheus durations', () => {
    expect(Duration.minutes(5).toPrometheus()).toBe('5m');
    expect(Duration.days(7).toPrometheus()).toBe('1w');
    expect(Duration.days(30).toPrometheus()).toBe('30d');
    expect(Duration.seconds(90).toPrometheus()).toBe('90s');
    expect(Duration.millis(0).toPrometheus()).toBe('0s');
  });

  test('renders Flink SQL intervals', () => {
    expect(Duration.seconds(5).toSqlInterval()).toBe("INTERVAL '5' SECOND");
    expect(Duration.minutes(1).toSqlInterval()).toBe("INTERVAL '1' MINUTE");
    expect(Duration.millis(250).toSqlInterval()).toBe("INTERVAL '0.250' SECOND");
    // Flink's default leading precision is two digits: from 100 units on, the precision is explicit.
    expect(Duration.seconds(130).toSqlInterval()).toBe("INTERVAL '130' SECOND(3)");
    expect(Duration.millis(130_500).toSqlInterval()).toBe("INTERVAL '130.500' SECOND(3, 3)");
    expect(Duration.seconds(99).toSqlInterval()).toBe("INTERVAL '99' SECOND");
  });

  test('parses Prometheus-style text', () => {
    expect(Duration.parse('1h30m').toMilliseconds()).toBe(5_400_000);
    expect(Duration.parse('500ms').toMilliseconds()).toBe(500);
    expect(() => Duration.parse('5 minutes')).toThrow(/duration like 30s/);
  });

  test('fractional units resolve to whole milliseconds', () => {
    expect(Duration.seconds(1.5).toMilliseconds()).toBe(1500);
    expect(() => Duration.millis(0.5)).toThrow(/whole number of milliseconds/);
  });

  test('refuses negative and non-finite amounts with a ValidationError', () => {
    let error: unknown;
    try {
      Duration.seconds(-1);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(/Duration.seconds\(\) must be a finite number >= 0 \(got -1\)/);
    expect(() => Duration.minutes(NaN)).toThrow(/got NaN/);
    expect(() => Duration.days(1e12)).toThrow(/at most 9007199254740991 milliseconds/);
  });

  test('infinite durations are refused where the system has no "forever"', () => {
    expect(() => Duration.infinite().toFlink()).toThrow(/finite duration/);
    expect(Duration.infinite().plus(Duration.seconds(1)).isInfinite).toBe(true);
  });

  test('adds and compares', () => {
    expect(Duration.seconds(5).plus(Duration.millis(500)).toMilliseconds()).toBe(5500);
    expect(Duration.seconds(60).compareTo(Duration.minutes(1))).toBe(0);
    expect(Duration.seconds(1).compareTo(Duration.minutes(1))).toBe(-1);
  });
});
