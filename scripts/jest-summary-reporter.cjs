// Ends a run with one plain line, "N passed, N failed, N skipped", and names every skipped test with its
// reason (the test's title says why: e.g. "needs ESDB_URL or Docker"), so a skip is never silent.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults.filter((t) => t.status === 'pending' || t.status === 'todo').map((t) => t.fullName),
    );
    if (skipped.length > 0) {
      console.log(`\nSkipped tests:\n${skipped.map((name) => `  - ${name}`).join('\n')}`);
    }
    const skippedCount = results.numPendingTests + results.numTodoTests;
    console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skippedCount} skipped`);
  }
}
module.exports = SummaryReporter;
