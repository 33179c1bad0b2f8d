/** One way to run axe in the specs: the rule tags the project holds itself to, serious and critical only. */
import AxeBuilder from "@axe-core/playwright";
import { type Page, test } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Serious and critical violations in the page, or only inside `within`, one line per rule with the
 * first offending targets; all violations are attached to the test report.
 */
export async function seriousViolations(page: Page, view: string, within?: string): Promise<string[]> {
  // Legacy mode runs axe.run() in the page itself. The default (runPartial per frame, then finishRun
  // in a new blank page that gets axe injected again) exists for cross-origin iframes, which this app
  // has none of. Only violations are read, so only they get every node: passes and inapplicable
  // rules with a selector and the HTML of each node made 1.45 MB per whole-page run. On the loaded
  // two-CPU machine a whole-page run took 9-18 s before, 2-5 s with both.
  // axe-core is half a megabyte of script, and AxeBuilder evaluates it on every call: once per
  // document is enough (that was 1.5-2.5 s of a 2.5-3.7 s run over the bottom panel).
  const injected = await page.evaluate(() => "axe" in window);
  // options() replaces what withTags() set: it comes first.
  const axe = new AxeBuilder({ page, ...(injected ? { axeSource: "void 0" } : {}) })
    .options({ resultTypes: ["violations"] })
    .withTags(TAGS)
    .setLegacyMode(true);
  if (within) axe.include(within);
  const results = await axe.analyze();
  await test
    .info()
    .attach(`axe ${view}`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}
