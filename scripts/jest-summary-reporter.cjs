// Ends a run with what CI needs to read: each suite (top-level describe) with its counts, every skipped test
// named with its reason (the title says why, e.g. "needs ESDB_URL or Docker"), and one plain closing line,
// "N passed, N failed, N skipped". The logs of the services a failing test file ran follow its result.
const fs = require('node:fs');
const { logFileOf } = require('./test-logs.cjs');

const LOG_LINES = 200;

class SummaryReporter {
  onTestResult(test, result) {
    if (result.numFailingTests === 0 && !result.testExecError) return;
    const file = logFileOf(test.path);
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length === 0) return;
    const shown = lines.slice(-LOG_LINES);
    process.stderr.write(
      `\nLogs of the services under test (${file}${lines.length > shown.length ? `, last ${shown.length} lines` : ''}):\n` +
        `${shown.join('\n')}\n`,
    );
  }

  onRunComplete(_contexts, results) {
    const suites = new Map();
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const name = test.ancestorTitles[0] ?? test.title;
        const counts = suites.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
        if (test.status === 'passed') counts.passed++;
        else if (test.status === 'failed') counts.failed++;
        else {
          counts.skipped++;
          skipped.push(test.fullName);
        }
        suites.set(name, counts);
      }
    }
    console.log('\nSuites:');
    for (const [name, c] of [...suites].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(
        `  ${c.failed > 0 ? 'FAIL' : 'ok  '} ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
      );
    }
    if (skipped.length > 0)
      console.log(`\nSkipped tests:\n${skipped.map((name) => `  - ${name}`).join('\n')}`);
    const skippedCount = results.numPendingTests + results.numTodoTests;
    console.log(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skippedCount} skipped`,
    );
  }
}
module.exports = SummaryReporter;
