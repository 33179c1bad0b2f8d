// Prints one closing line for the whole `npm test` run from the Vitest and Playwright JSON reports.
import { existsSync, readFileSync } from "node:fs";

const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, "utf8")) : undefined);
const unit = read(".tmp/vitest.json");
const e2e = read(".tmp/playwright.json");
if (!unit || !e2e) {
  console.error("test-summary: a report is missing (.tmp/vitest.json, .tmp/playwright.json)");
  process.exit(1);
}
const u = {
  passed: unit.numPassedTests,
  failed: unit.numFailedTests,
  skipped: unit.numPendingTests + unit.numTodoTests,
};
const s = e2e.stats;
const e = { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped };
console.log(`unit: ${u.passed} passed, ${u.failed} failed, ${u.skipped} skipped`);
console.log(`e2e: ${e.passed} passed, ${e.failed} failed, ${e.skipped} skipped`);
console.log(`tests: ${u.passed + e.passed} passed, ${u.failed + e.failed} failed, ${u.skipped + e.skipped} skipped`);
process.exit(u.failed + e.failed === 0 ? 0 : 1);
