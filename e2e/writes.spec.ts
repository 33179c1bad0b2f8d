/**
 * What an operation wrote, as the canvas, the result line and the inspector say it (issue #16): under
 * IR an affinity change touches only the IRTE; without IR the device entry is rewritten (twice for
 * msi_set_affinity()'s two-step). And the Irqs table's search on a machine with thousands of irqs.
 */
import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe";

const banner = (page: Page) => page.getByTestId("write-banner");
const mark = (page: Page, label: string) => page.getByTestId(`write-mark-${label}`);

async function setAffinity(page: Page, cpus: string) {
  await page.getByTestId("affinity-input").fill(cpus);
  await page.getByTestId("affinity-set").click();
  await expect(page.getByTestId("result")).toContainText(`set_affinity irq=`);
  await expect(page.getByTestId("result")).toContainText(`cpus=${cpus}`);
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("under IR an affinity change marks only the IRTE: the device is not written", async ({ page }) => {
  await expect(banner(page)).toHaveAttribute("data-written", "idle");
  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await setAffinity(page, "3");
  await expect(banner(page)).toHaveAttribute("data-written", "irte");
  await expect(banner(page)).toContainText("device not written: only IRTE 19");
  await expect(banner(page)).toContainText("dest CPU 2 → 3");
  await expect(mark(page, "INTEL-IR-0-13")).toContainText("only the IRTE changed");
  await expect(mark(page, "INTEL-IR-0-13")).toContainText("IRTE 19");
  await expect(mark(page, "INTEL-IR-0-13")).toContainText("CPU 2 → 3");
  await expect(mark(page, "nic0")).toHaveCount(0);
  await expect(page.getByTestId("result-writes")).toHaveText(/device not written: only IRTE 19/);
  await expect(page.getByTestId("irq-writes")).toContainText("device not written: only the IRTE changed");
  // Screen readers hear it on the node too.
  await expect(page.locator('.react-flow__node[data-id="main/domain:INTEL-IR-0-13"]')).toHaveAttribute(
    "aria-label",
    /last operation: only the IRTE changed; IRTE 19 vector/,
  );
  expect(await seriousViolations(page, "write marks (IR)", ".canvas-view")).toEqual([]);
  expect(await seriousViolations(page, "inspector write note", '[data-testid="irq-inspector"]')).toEqual([]);

  // The next operation clears the marks.
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("result")).toContainText("raise irq=29");
  await expect(mark(page, "INTEL-IR-0-13")).toHaveCount(0);
});

test("without IR the deferred move rewrites the device entry, old → new, twice for the two-step", async ({ page }) => {
  await page.getByTestId("open-knobs").click();
  await page.getByTestId("knob-ir").selectOption("off");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByTestId("machine-summary")).toContainText("IR off");
  await page.getByTestId("irq-search").fill("nic0 msix 0");
  await expect(page.getByTestId("irq-matches")).toHaveText(/^1 of \d+ irqs$/);
  await page.getByTestId("irq-search").press("Enter");
  await expect(page.getByTestId("irq-inspector")).toContainText("MSI-X table entry 0");
  await setAffinity(page, "3");
  // No IR: the move waits for the next interrupt, nothing is written yet.
  await expect(banner(page)).toHaveAttribute("data-written", "none");
  await page.getByTestId("irq-raise").click();
  await expect(banner(page)).toHaveAttribute("data-written", "device");
  await expect(banner(page)).toContainText("device written 2×");
  await expect(banner(page)).toContainText(
    /nic0 MSI-X entry 0, 0xfee01000\/0x\w+ → 0xfee01000\/0x\w+ → 0xfee03000\/0x\w+/,
  );
  await expect(mark(page, "nic0")).toContainText("device written 2×");
  await expect(mark(page, "nic0")).toContainText("MSI-X entry 0");
  await expect(mark(page, "nic0")).toContainText("→ 0xfee03000/");
  await expect(page.getByTestId("result-writes")).toHaveText(/device written 2×/);
  await expect(page.getByTestId("irq-writes")).toContainText("device entry written");
  expect(await seriousViolations(page, "write marks (no IR)", ".canvas-view")).toEqual([]);
});

/** A machine with 2,048 irqs: 8 devices × 256 MSI-X vectors. */
function bigScenario(): string {
  const devices = Array.from({ length: 8 }, (_, i) => ({
    name: `hba${i}`,
    model: "pci-msix",
    bdf: `0000:${(0x10 + i).toString(16)}:00.0`,
    table_size: 256,
  }));
  const steps = devices.map((d) => ({ op: "alloc", device: d.name, type: "msix", min: 256, max: 256 }));
  return JSON.stringify({
    format: "irqscope-scenario",
    version: 1,
    title: "2,048 irqs",
    machine: { cpus: 32, ir: "on", devices },
    steps: [...steps, { op: "request_irq", device: "hba5", index: 200, name: "hba5-q200" }],
  });
}

test("the Irqs table finds an irq among thousands by device, store and slot, and inspects it", async ({ page }) => {
  await page
    .getByTestId("import")
    .setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(bigScenario()) });
  await expect(page.getByTestId("machine-summary")).toContainText("32 CPUs");
  const count = page.getByTestId("irq-matches");
  await expect(count).toHaveText(/^2,0\d\d irqs$/);
  // Windowed: a handful of rows drawn, not two thousand.
  expect(await page.locator('[data-testid^="irq-row-"]').count()).toBeLessThan(200);

  const search = page.getByTestId("irq-search");
  await search.fill("hba5");
  await expect(count).toHaveText(/^256 of 2,0\d\d irqs$/);
  await search.fill("hba5 msix 200");
  await expect(count).toHaveText(/^1 of 2,0\d\d irqs$/);
  await search.press("Enter");
  await expect(page.getByTestId("irq-inspector")).toContainText("hba5");
  await expect(page.getByTestId("irq-inspector")).toContainText("MSI-X table entry 200");

  // By handler name, then the keyboard: ↓ picks the next match, Enter inspects it.
  await search.fill("hba7");
  await expect(count).toHaveText(/^256 of /);
  await search.press("ArrowDown");
  await search.press("ArrowDown");
  await search.press("Enter");
  await expect(page.getByTestId("irq-inspector")).toContainText("MSI-X table entry 2");
  await search.fill("hba5-q200");
  await expect(count).toHaveText(/^1 of /);
  await page.getByRole("tabpanel").locator('[data-testid^="irq-row-"]').first().click();
  await expect(page.getByTestId("irq-inspector")).toContainText("MSI-X table entry 200");
  await expect(page.getByTestId("irq-table-panel")).toHaveAttribute("aria-busy", "false");
  expect(await seriousViolations(page, "irq search", '[data-testid="irq-table-panel"]')).toEqual([]);
});
