// Jest reporter: after every run, list the suites that skipped and why (the reason is in the
// suite's title, e.g. "[skipped: promtool not found; …]"), so `npm test` says it without --verbose.
class SkipReporter {
  onRunComplete(_contexts, results) {
    const suites = new Map();
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status !== 'pending' && t.status !== 'skipped') continue;
        const title = t.ancestorTitles.join(' › ') || t.title;
        suites.set(title, (suites.get(title) ?? 0) + 1);
      }
    }
    if (suites.size === 0) return;
    const lines = [...suites].map(([title, n]) => `  - ${title}${n > 1 ? ` (${n} tests)` : ''}`);
    process.stdout.write(`\nSkipped, and why:\n${lines.join('\n')}\n`);
  }
}
module.exports = SkipReporter;
