import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe";

const inspector = (page: Page) => page.getByTestId("irq-inspector");

async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute("aria-selected", "true");
}

/** The page position of a heatmap cell's centre, from the geometry the canvas publishes. */
async function cellPoint(page: Page, cpu: number, vector: number): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId("heatmap-canvas");
  const box = await canvas.boundingBox();
  if (!box) throw new Error("no canvas box");
  const attr = async (name: string) => Number(await canvas.getAttribute(name));
  const [left, top, w, h] = [
    await attr("data-left"),
    await attr("data-top"),
    await attr("data-cell-w"),
    await attr("data-cell-h"),
  ];
  return { x: box.x + left + vector * w + w / 2, y: box.y + top + cpu * h + h / 2 };
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("the IRTE tab lists the used entries; a row selects its irq; all 65,536 are reachable", async ({ page }) => {
  await openTab(page, "IRTEs");
  const table = page.getByTestId("irte-table");
  // Only the rows in view are in the page: jump to the entry first.
  await page.getByTestId("irte-jump").fill("19");
  await page.getByRole("button", { name: "Go" }).click();
  const row19 = page.getByTestId("irte-row-19");
  await expect(row19).toBeInViewport();
  await expect(row19).toHaveClass(/tbl-marked/);
  await expect(row19).toContainText("29");
  await expect(row19).toContainText("0x21");
  await expect(row19).toContainText("APIC 2");
  await expect(row19).toContainText("00000000 00043d00 00000200 00210009");
  // Used only: 28 entries in the default preset.
  await expect(table.getByRole("table")).toHaveAttribute("aria-rowcount", "29");
  await page.screenshot({ path: ".tmp/tables-irtes.png" });
  await page.locator(".bottom-tabs").screenshot({ path: ".tmp/tables-irtes-panel.png" });

  await row19.click();
  await expect(inspector(page)).toContainText("irq 29");
  await expect(row19).toHaveClass(/selected/);

  // Every entry: the table is as long as the unit, yet only a window of rows is in the page.
  await page.getByTestId("irte-used-only").uncheck();
  await expect(table.getByRole("table")).toHaveAttribute("aria-rowcount", "65537");
  expect(await table.locator("tbody tr").count()).toBeLessThan(400);
  await page.getByTestId("irte-jump").fill("40000");
  await page.getByRole("button", { name: "Go" }).click();
  await expect(page.getByTestId("irte-row-40000")).toBeInViewport();
  await page.getByTestId("irte-jump").fill("65535");
  await page.getByRole("button", { name: "Go" }).click();
  await expect(page.getByTestId("irte-row-65535")).toBeInViewport();
  await expect(page.getByTestId("irte-row-65535")).toContainText("00000000 00000000 00000000 00000000");
});

test("the vector heatmap draws every CPU's vectors; hover names a cell, a click selects its irq", async ({ page }) => {
  await openTab(page, "Vectors");
  const canvas = page.getByTestId("heatmap-canvas");
  await expect(canvas).toBeVisible();
  const legend = page.getByRole("list", { name: "legend" });
  for (const name of ["free", "system", "legacy", "allocated", "managed reserved", "managed allocated", "moving"]) {
    await expect(legend).toContainText(name);
  }
  expect(Number(await canvas.getAttribute("data-cell-w"))).toBeGreaterThanOrEqual(1);
  expect(Number(await canvas.getAttribute("data-cell-h"))).toBeGreaterThanOrEqual(1);

  const line = page.getByTestId("heatmap-line");
  let p = await cellPoint(page, 2, 0x21);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 2 vector 0x21: allocated, irq 29");
  p = await cellPoint(page, 3, 0x80);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 3 vector 0x80: system");
  p = await cellPoint(page, 0, 0x30);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 0 vector 0x30: legacy, irq 0");
  p = await cellPoint(page, 1, 0x21);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 1 vector 0x21: managed allocated, irq 25");
  await page.screenshot({ path: ".tmp/tables-vectors.png" });
  await page.locator(".bottom-tabs").screenshot({ path: ".tmp/tables-vectors-panel.png" });

  p = await cellPoint(page, 2, 0x21);
  await page.mouse.click(p.x, p.y);
  await expect(inspector(page)).toContainText("irq 29");

  // A move shows the previous vector until its cleanup.
  await page.getByTestId("affinity-input").fill("5");
  await page.getByTestId("affinity-set").click();
  await expect(page.getByTestId("irq-target")).toHaveText(/CPU 5/);
  p = await cellPoint(page, 2, 0x21);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 2 vector 0x21: moving (previous vector), irq 29");

  // The keyboard reaches every cell too.
  await canvas.focus();
  await page.mouse.move(0, 0);
  await page.keyboard.press("ArrowRight");
  // The cursor starts where the last click was.
  await expect(line).toHaveText("CPU 2 vector 0x22: free");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await expect(line).toHaveText("CPU 2 vector 0x21: moving (previous vector), irq 29");
});

test("the Stores tab shows a device's slots: MSI-X entries, multi-MSI vectors, IO-APIC RTEs", async ({ page }) => {
  await openTab(page, "Stores");
  await page.getByTestId("store-device").selectOption("nic0");
  const e0 = page.getByTestId("store-msix-slot-0");
  await expect(e0).toContainText("0xfee00278");
  await expect(e0).toContainText("IRTE 19");
  await expect(e0).toContainText("29");
  await expect(page.getByTestId("msix-pba")).toContainText("qword 0 = 0x0000000000000000");
  await expect(page.getByTestId("store-msix-slot-63")).toContainText("not programmed");
  await page.screenshot({ path: ".tmp/tables-stores.png" });
  await page.locator(".bottom-tabs").screenshot({ path: ".tmp/tables-stores-panel.png" });
  await e0.click();
  await expect(inspector(page)).toContainText("irq 29");

  await page.getByTestId("store-device").selectOption("ahci0");
  await expect(page.getByTestId("store-msi").locator("tbody tr")).toHaveCount(4);
  await expect(page.getByTestId("store-msi-slot-3")).toContainText("IRTE 27");

  await page.getByTestId("store-device").selectOption("ioapic0");
  await expect(page.getByTestId("store-ioapic").locator("tbody tr")).toHaveCount(24);
  await expect(page.getByTestId("store-ioapic-slot-4")).toContainText("serial0");
  await expect(page.getByTestId("store-ioapic-slot-4")).toContainText("IRTE 3");
});

test("the tabs follow the ARIA tabs pattern; a machine without IR has no IRTE tab", async ({ page }) => {
  const irqs = page.getByRole("tab", { name: "Irqs", exact: true });
  await irqs.click();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "CPUs" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "IRTEs" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "IRTEs" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", "tab-irtes");
  await page.keyboard.press("Home");
  await expect(irqs).toBeFocused();
  // Only the open tab is in the Tab order.
  await expect(page.getByRole("tab", { name: "Vectors" })).toHaveAttribute("tabindex", "-1");

  await page.getByTestId("machine-preset").selectOption({ label: "Laptop without IR" });
  await expect(page.getByTestId("result")).toContainText("load Laptop without IR");
  await expect(page.getByRole("tab", { name: "IRTEs" })).toHaveCount(0);
  await openTab(page, "Stores");
  await page.getByTestId("store-device").selectOption("nvme0");
  await expect(page.getByTestId("store-msix-slot-0")).toContainText(/APIC id \d+ vector 0x[0-9a-f]{2}/);
});

test("the heatmap stays usable with 256 CPUs: one pixel row per CPU at least, the full width", async ({ page }) => {
  const scenario = {
    format: "irqscope-scenario",
    version: 1,
    title: "256 CPUs",
    machine: {
      cpus: 256,
      kernel: "6.12",
      ir: "on",
      devices: [{ name: "nvme0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 256 }],
    },
    steps: [
      { op: "alloc", device: "nvme0", type: "msix", min: 1, max: 256, affinity: "managed" },
      { op: "request_irq", device: "nvme0", index: 255, name: "nvme0q255" },
      { op: "cpu_offline", cpu: 200 },
    ],
  };
  await page.getByTestId("import").setInputFiles({
    name: "256-cpus.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByTestId("machine-summary")).toContainText("256 CPUs");
  await openTab(page, "Vectors");
  const canvas = page.getByTestId("heatmap-canvas");
  await expect(canvas).toBeVisible();
  const cellH = Number(await canvas.getAttribute("data-cell-h"));
  const cellW = Number(await canvas.getAttribute("data-cell-w"));
  expect(cellH).toBeGreaterThanOrEqual(1);
  expect(cellW).toBeGreaterThanOrEqual(4);
  const box = await canvas.boundingBox();
  expect(box?.height).toBeCloseTo(Number(await canvas.getAttribute("data-top")) + 256 * cellH, 0);
  const line = page.getByTestId("heatmap-line");
  // Managed reservations cover every CPU; CPU 200 is offline. The map scrolls when it is taller than the panel.
  await page.locator(".heat-box").evaluate(
    (el, y) => {
      el.scrollTop = y;
    },
    200 * cellH - 40,
  );
  let p = await cellPoint(page, 200, 0x40);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText("CPU 200 vector 0x40: offline CPU");
  await page.locator(".heat-box").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  p = await cellPoint(page, 255, 0x20);
  await page.mouse.move(p.x, p.y);
  await expect(line).toHaveText(/^CPU 255 vector 0x20: managed (reserved|allocated)/);
  await page.locator(".bottom-tabs").screenshot({ path: ".tmp/tables-vectors-256.png" });
});

for (const theme of ["light", "dark"] as const) {
  test(`axe finds no serious violations in the three tabs (${theme})`, async ({ page }) => {
    // The page follows the system theme as it changes: no second load.
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator(".react-flow")).toHaveClass(new RegExp(`\\b${theme}\\b`));
    await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
    await expect(inspector(page)).toContainText("irq 29");
    const found: string[] = [];
    for (const [name, panel] of [
      ["IRTEs", "irte-table"],
      ["Vectors", "vector-heatmap"],
      ["Stores", "device-stores"],
    ] as const) {
      await openTab(page, name);
      // The panel shows the worker's answer, not a placeholder.
      await expect(page.getByTestId(panel)).toHaveAttribute("aria-busy", "false");
      for (const v of await seriousViolations(page, `tab ${name} (${theme})`, ".bottom-tabs"))
        found.push(`${name}: ${v}`);
    }
    expect(found).toEqual([]);
  });
}
