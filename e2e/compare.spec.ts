/**
 * Compare mode (#18): a preset on the old scheme and on the new side by side, one timeline for both,
 * counterpart selection by device entry, the diff list, the compare link in a fresh page, a bad link,
 * what happened upstream, the scheme knob's words, and axe in both themes.
 */
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { compareScript } from "../bench/compare-script.mjs";
import { seriousViolations } from "./axe";

const ready = (page: Page) => page.getByTestId("compare-view").and(page.locator('[data-status="ready"]'));

/** The workspace, then compare mode on the DSA host preset (its IMS steps part the schemes). */
async function openDsaCompare(page: Page) {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByTestId("open-compare").click();
  await expect(ready(page)).toBeVisible();
  await page.getByTestId("compare-source").selectOption("dsa-host");
  await expect(page.getByTestId("compare-title")).toContainText("DSA");
  await expect(ready(page)).toBeVisible();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 3/3");
}

test("a preset compared: step both sides, a differing step on both sides, a diff entry followed", async ({ page }) => {
  await openDsaCompare(page);
  const old = page.getByTestId("pane-old");
  const neu = page.getByTestId("pane-new");
  await expect(old).toContainText("what kernels and hypervisors did in 2021");
  await expect(neu).toContainText("the Dec 2021 proposal: a design, not shipped behaviour");
  await expect(page.getByTestId("diff-summary")).toHaveText("3 of 3 steps end differently.");

  // One timeline: back to the bare machines, then one step in both panes.
  await page.getByTestId("compare-start").click();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 0/3");
  await expect(ready(page)).toBeVisible();
  await page.getByTestId("compare-step").click();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 1/3");
  await expect(page.getByTestId("pane-result-old")).toContainText("#1 alloc_ims dsa0 2");
  await expect(page.getByTestId("pane-result-old")).toContainText("ENOTSUPP");
  await expect(page.getByTestId("pane-result-new")).toContainText("#1 alloc_ims dsa0 2");
  await expect(page.getByTestId("pane-result-new")).toContainText("ok: ok — 2 IMS vectors");
  await expect(page.getByTestId("diff-0")).toHaveAttribute("aria-current", "step");
  // Undo moves both panes back.
  await expect(ready(page)).toBeVisible();
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("compare-counter")).toHaveText("step 0/3");

  // A diff entry moves both panes to just after its step, where the request parts them.
  await expect(ready(page)).toBeVisible();
  const entry = page.getByTestId("diff-1");
  await expect(entry).toHaveAttribute("data-differs", "true");
  await expect(entry).toContainText("old: -22 EINVAL from request_irq");
  await expect(entry).toContainText("new: ok — vector");
  await entry.click();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 2/3");
  await expect(entry).toHaveAttribute("aria-current", "step");
  await expect(ready(page)).toBeVisible();

  // The new side's IMS entry: inspected there; the old side has none and says so.
  const newPick = page.getByTestId("compare-irq-new");
  const imsLabel = (await newPick.locator("option").allTextContents()).find((t) => t.startsWith("dsa0 ims 0"));
  expect(imsLabel).toBeDefined();
  await newPick.selectOption({ label: imsLabel ?? "" });
  await expect(neu.getByTestId("irq-inspector")).toContainText("IMS");
  await expect(page.getByTestId("unmatched-old")).toContainText("no interrupt is dsa0 ims 0 at this step");

  // An MSI-X entry both have: selected on the old side, its counterpart (by device entry) on the new.
  const oldPick = page.getByTestId("compare-irq-old");
  const msixLabel = (await oldPick.locator("option").allTextContents()).find((t) => t.startsWith("dsa0 msix 1 "));
  await oldPick.selectOption({ label: msixLabel ?? "" });
  const oldIrq = await oldPick.inputValue();
  await expect(old.getByTestId("irq-inspector")).toContainText(`irq ${oldIrq}`);
  await expect(page.getByTestId("unmatched-old")).toHaveCount(0);
  await expect(newPick.locator("option:checked")).toHaveText(/^dsa0 msix 1 \(irq \d+\)$/);
  const newIrq = await newPick.inputValue();
  await expect(neu.getByTestId("irq-inspector")).toContainText(`irq ${newIrq}`);
});

test("a compare exported, and shared as a link that opens the same compare at the same step in a fresh page", async ({
  page,
  browser,
}) => {
  await openDsaCompare(page);
  await page.getByTestId("diff-0").click();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 1/3");
  await expect(ready(page)).toBeVisible();
  // Exported: the scenario and the compare result, both sides of every step.
  const download = page.waitForEvent("download");
  await page.getByTestId("compare-export").click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, "utf8"));
  expect(exported).toMatchObject({ format: "irqscope-compare", version: 1 });
  expect(exported.scenario.steps).toHaveLength(3);
  expect(exported.result.steps[0]).toMatchObject({
    step: 0,
    op: "alloc_ims",
    differs: true,
    old: { ok: false, errno: "ENOTSUPP", silent: false },
    new: { ok: true, silent: false },
  });
  await page.getByTestId("compare-share").click();
  const link = await page.getByTestId("compare-link").inputValue();
  expect(link).toMatch(/#\/c\/1\./);

  const fresh = await browser.newPage();
  await fresh.goto(link);
  await expect(ready(fresh)).toBeVisible();
  await expect(fresh.getByTestId("compare-title")).toContainText("DSA");
  await expect(fresh.getByTestId("compare-counter")).toHaveText("step 1/3");
  await expect(fresh.getByTestId("pane-result-old")).toContainText("ENOTSUPP");
  await expect(fresh.getByTestId("diff-0")).toHaveAttribute("aria-current", "step");
  // Back to the workspace: the workspace is as it was, and the hash no longer holds the compare.
  await fresh.getByTestId("close-compare").click();
  await expect(fresh.getByTestId("node-VECTOR")).toBeVisible();
  await expect.poll(() => fresh.evaluate(() => location.hash)).toBe("");
  await fresh.close();
});

test("stepping both panes keeps their canvases' size and redraws no edge of an unchanged tree", async ({ page }) => {
  await openDsaCompare(page);
  // From here on: every canvas box that changes size, and every edge React Flow takes away.
  await page.evaluate(() => {
    const w = window as unknown as { canvasResized: number; edgesRemoved: number };
    w.canvasResized = 0;
    w.edgesRemoved = 0;
    const first = new Map<Element, string>();
    const resize = new ResizeObserver((entries) => {
      for (const e of entries) {
        const size = `${Math.round(e.contentRect.width)}x${Math.round(e.contentRect.height)}`;
        if (first.has(e.target) && first.get(e.target) !== size) w.canvasResized++;
        first.set(e.target, size);
      }
    });
    for (const flow of document.querySelectorAll(".compare-pane .react-flow")) resize.observe(flow);
    const edges = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.removedNodes)
          if (n instanceof Element && n.querySelector(".react-flow__edge")) w.edgesRemoved++;
    });
    for (const e of document.querySelectorAll(".compare-pane .react-flow__edges"))
      edges.observe(e, { childList: true });
  });
  for (const [button, counter] of [
    ["compare-back", "step 2/3"],
    ["compare-step", "step 3/3"],
    ["compare-back", "step 2/3"],
  ] as const) {
    await expect(ready(page)).toBeVisible();
    await page.getByTestId(button).click();
    await expect(page.getByTestId("compare-counter")).toHaveText(counter);
    await expect(page.getByTestId("pane-result-old")).toContainText(`#${counter.slice(5, 6)} `);
    await expect(page.getByTestId("pane-result-new")).toContainText(`#${counter.slice(5, 6)} `);
  }
  await expect(ready(page)).toBeVisible();
  // The last move's canvas marks are drawn (the step's device entry is lit in both panes).
  await expect(page.locator(".compare-pane .react-flow__edge.edge-path").first()).toBeVisible();
  const seen = await page.evaluate(async () => {
    // Resize observations come with a frame: two frames on, every one of the moves' has come.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const w = window as unknown as { canvasResized: number; edgesRemoved: number };
    return { resized: w.canvasResized, removed: w.edgesRemoved };
  });
  expect(seen).toEqual({ resized: 0, removed: 0 });
});

test("steps back clicked faster than drawn move one step each, and show what a fresh replay shows", async ({
  page,
  browser,
}) => {
  // The compare benchmark's script, 60 steps: steps back are answered from what the panes' replays kept.
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  const script = Buffer.from(JSON.stringify(compareScript(60)));
  await page.getByTestId("import").setInputFiles({ name: "steps.json", mimeType: "application/json", buffer: script });
  await expect(page.getByTestId("step-counter")).toContainText("step 60/60");
  await page.getByTestId("open-compare").click();
  await expect(ready(page)).toBeVisible();
  await expect(page.getByTestId("compare-counter")).toHaveText("step 60/60");
  // Five clicks and two Ctrl+Z in one go, before any is drawn: each is one more step, queued behind the
  // one under way (not five times "one step back from 60").
  await page.getByTestId("compare-back").evaluate((back: HTMLElement) => {
    for (let i = 0; i < 5; i++) back.click();
    for (let i = 0; i < 2; i++) window.dispatchEvent(new KeyboardEvent("keydown", { key: "z", ctrlKey: true }));
  });
  await expect(page.getByTestId("compare-counter")).toHaveText("step 53/60");
  await expect(ready(page)).toBeVisible();
  const results = [
    await page.getByTestId("pane-result-old").innerText(),
    await page.getByTestId("pane-result-new").innerText(),
  ];
  expect(results[1]).toMatch(/^#53 /);
  // Back selects the step just undone (#54, an IMS entry's): the new pane inspects its irq.
  const irq = await page.getByTestId("compare-irq-new").inputValue();
  expect(irq).not.toBe("");
  const inspected = (await page.getByTestId("pane-new").getByTestId("irq-inspector").textContent()) ?? "";

  // The same compare opened at step 53 in a fresh page: a replay from boot, asked for that irq.
  await page.getByTestId("compare-share").click();
  const link = await page.getByTestId("compare-link").inputValue();
  const fresh = await browser.newPage();
  await fresh.goto(link);
  await expect(ready(fresh)).toBeVisible();
  await expect(fresh.getByTestId("compare-counter")).toHaveText("step 53/60");
  expect([
    await fresh.getByTestId("pane-result-old").innerText(),
    await fresh.getByTestId("pane-result-new").innerText(),
  ]).toEqual(results);
  await fresh.getByTestId("compare-irq-new").selectOption(irq);
  await expect(fresh.getByTestId("pane-new").getByTestId("irq-inspector")).toHaveText(inspected);
  await fresh.close();
});

test("a damaged compare link is one message and leaves the workspace as it was", async ({ page }) => {
  await page.goto("./#/c/1.not-lz-data");
  await expect(page.getByTestId("result")).toContainText("the compare link is damaged or truncated");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(page.getByTestId("compare-view")).toHaveCount(0);
  await expect(page.getByTestId("machine-summary")).toContainText("scheme new");
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("");
});

test("the scheme knob says what it changes and where it is set", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByTestId("open-knobs").click();
  const help = page.getByTestId("knob-scheme-help");
  await expect(help).toContainText("the Dec 2021 proposal, a design and not shipped behaviour");
  await expect(help).toContainText("old and new behave the same until IMS");
  await expect(help).toContainText("machine.scheme");
  await page.getByTestId("knob-ir").selectOption("off");
  await expect(help).toContainText("without IR the new scheme stays on the old shapes");
  await expect(page.getByTestId("knob-scheme")).toHaveAccessibleDescription(/behave the same/);
});

for (const theme of ["light", "dark"] as const) {
  test(`axe: compare view, a differing step and what happened upstream (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme === "dark" ? "light" : "dark" });
    await openDsaCompare(page);
    await page.getByRole("radio", { name: theme === "dark" ? "Dark" : "Light" }).check();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await page.getByTestId("diff-0").click();
    await expect(page.getByTestId("compare-counter")).toHaveText("step 1/3");
    await expect(ready(page)).toBeVisible();
    expect(await seriousViolations(page, `compare ${theme}`)).toEqual([]);
    await page.getByTestId("open-upstream").click();
    const dialog = page.getByTestId("upstream");
    await expect(dialog).toContainText("IMS removed in 2024");
    await expect(dialog).toContainText("No KVM hypercall");
    await expect(dialog).toContainText("Hyper-V had its own model long before");
    expect(await seriousViolations(page, `upstream ${theme}`)).toEqual([]);
    await page.getByTestId("upstream-close").click();
    await expect(dialog).toBeHidden();
  });
}
