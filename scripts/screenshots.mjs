/**
 * Shoots every screenshot under docs/screenshots/ from the production build, each main view in the
 * light and the dark theme, so the README's pictures can be made again after a UI change.
 * Run: `npm run -s screenshots` (builds, serves dist/ with vite preview). `ONLY=debugfs,palette`
 * shoots just those views.
 */
import { chromium, expect } from "@playwright/test";
import { startPreview } from "./preview-server.mjs";

const PORT = Number(process.env.E2E_PORT ?? 4423);
const OUT = "docs/screenshots";

const inspectIrq = async (page, irq) => {
  await page.getByRole("button", { name: `inspect irq ${irq}`, exact: true }).click();
  await expect(page.getByTestId("irq-target")).toBeVisible();
};
const openTab = async (page, name) => {
  await page.getByRole("tab", { name, exact: typeof name === "string" }).click();
};

/** Each view: its file name and how a user gets there from the default machine. */
const views = {
  async workspace(page) {
    await inspectIrq(page, 29);
    await expect(page.getByTestId("node-target")).toBeVisible();
  },
  async "canvas-collapsed"(page) {
    await page.getByTestId("collapse-devices").click();
    await expect(page.getByTestId("fold-IO-APIC-0")).toBeVisible();
  },
  async device(page) {
    await page.getByTestId("node-nic0").click();
    await expect(page.getByTestId("device-inspector")).toBeVisible();
  },
  async stores(page) {
    await page.getByTestId("node-nic0").click();
    await openTab(page, "Stores");
  },
  async "irte-table"(page) {
    await inspectIrq(page, 29);
    await openTab(page, "IRTEs");
  },
  async "vector-heatmap"(page) {
    await inspectIrq(page, 29);
    await openTab(page, "Vectors");
  },
  async "cpu-inspector"(page) {
    await openTab(page, "CPUs");
    await page.getByRole("button", { name: "inspect CPU 2", exact: true }).click();
    await expect(page.getByTestId("cpu-vector-0x21")).toBeVisible();
  },
  async "event-log"(page) {
    await inspectIrq(page, 29);
    await page.getByTestId("affinity-input").fill("9");
    await page.getByTestId("affinity-set").click();
    await expect(page.getByTestId("result-errno")).toBeVisible();
    await openTab(page, "Event log");
    await page.getByTestId("log-device").selectOption("nic0");
    await expect(page.getByTestId("event-log")).toContainText("Why:");
  },
  async debugfs(page) {
    await inspectIrq(page, 29);
    await openTab(page, "debugfs");
    await expect(page.getByTestId("debugfs-text")).toContainText("effectiv: 2");
  },
  async palette(page) {
    await page.getByTestId("open-palette").click();
    await page.getByTestId("palette-input").fill("affinity 29 ");
    await expect(page.getByRole("listbox", { name: "suggestions" })).toBeVisible();
  },
  async help(page) {
    await page.getByTestId("open-help").click();
    await expect(page.getByTestId("help-commands")).toBeVisible();
  },
  async "add-device"(page) {
    await page.getByTestId("open-add-device").click();
    await page.getByTestId("add-bdf").fill("02:00.0");
    await page.getByTestId("add-submit").click();
    await expect(page.getByTestId("add-bdf-error")).toBeVisible();
  },
  async knobs(page) {
    await page.getByTestId("open-knobs").click();
    await expect(page.getByTestId("knob-cpus")).toBeVisible();
  },
  async "machine-change"(page) {
    await openTab(page, "CPUs");
    await page.getByTestId("cpu-toggle-6").click();
    await expect(page.getByTestId("cpu-row-6")).toHaveClass(/offline/);
    await page.getByTestId("open-knobs").click();
    await page.getByTestId("knob-cpus").fill("4");
    await page.getByTestId("knobs-apply").click();
    await openTab(page, /^Steps/);
  },
  // Presentation mode as a room sees it: a captioned example stepped to its deferred move.
  async presentation(page) {
    await page.getByTestId("present-toggle").click();
    await page.getByTestId("machine-preset").selectOption({ label: "Example: laptop without IR" });
    await expect(page.getByTestId("result")).toContainText("load Example: laptop without IR");
    await page.getByTestId("caption-start").click();
    await expect(page.getByTestId("step-count")).toHaveText("Start");
    for (let n = 1; n <= 6; n++) {
      await page.getByTestId("caption-next").click();
      await expect(page.getByTestId("step-count")).toHaveText(new RegExp(`^Step ${n} of`));
    }
    await expect(page.getByTestId("node-target")).toBeVisible();
  },
  async "qemu-q35"(page) {
    await page.getByTestId("machine-preset").selectOption({ label: "QEMU q35 (real 6.12 boot)" });
    await expect(page.getByTestId("result")).toContainText("load QEMU q35");
    await inspectIrq(page, 25);
    await openTab(page, "/proc/interrupts");
  },
  async compare(page) {
    // The DSA host on both schemes, just after the IMS request that parts them, an MSI-X entry selected on both.
    await page.getByTestId("open-compare").click();
    const ready = page.getByTestId("compare-view").and(page.locator('[data-status="ready"]'));
    await expect(ready).toBeVisible();
    await page.getByTestId("compare-source").selectOption("dsa-host");
    await expect(page.getByTestId("compare-title")).toContainText("DSA");
    await page.getByTestId("diff-1").click();
    await expect(page.getByTestId("compare-counter")).toHaveText("step 2/3");
    await expect(ready).toBeVisible();
    const pick = page.getByTestId("compare-irq-old");
    const label = (await pick.locator("option").allTextContents()).find((t) => t.startsWith("dsa0 msix 1 "));
    await pick.selectOption({ label });
    await expect(page.getByTestId("pane-new").getByTestId("irq-inspector")).toBeVisible();
  },
  async upstream(page) {
    await views.compare(page);
    await page.getByTestId("open-upstream").click();
    await expect(page.getByTestId("upstream")).toBeVisible();
  },
};

/** Views shot at another size than 1440×900: presentation mode is for a 1920×1080 projector. */
const VIEWPORTS = { presentation: { width: 1920, height: 1080 } };

const only = process.env.ONLY?.split(",");
const server = await startPreview(PORT);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  for (const [name, open] of Object.entries(views)) {
    if (only && !only.includes(name)) continue;
    for (const theme of ["light", "dark"]) {
      // A fresh context each time: no autosave, no fold or tab left over from the view before.
      const viewport = VIEWPORTS[name] ?? { width: 1440, height: 900 };
      const context = await browser.newContext({ viewport, colorScheme: theme });
      const page = await context.newPage();
      page.on("pageerror", (e) => console.error(`${name} (${theme}): ${e.message}`));
      await page.goto(server.url);
      await expect(page.getByTestId("node-VECTOR")).toBeVisible();
      await open(page);
      await page.waitForTimeout(700); // the canvas's fit animation and the marks of what changed settle
      await page.screenshot({ path: `${OUT}/${name}-${theme}.png` });
      console.log(`${OUT}/${name}-${theme}.png`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.stop();
}
