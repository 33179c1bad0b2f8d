/**
 * The CPU inspector, the event log's filters and explained errors, and the debugfs tab, through real
 * clicks and keys. Default preset: nic0 msix 0 = irq 29, IRTE 19, CPU 2 vector 0x21.
 */
import { expect, type Page, test } from "@playwright/test";

const result = (page: Page) => page.getByTestId("result");
const cpuInspector = (page: Page) => page.getByTestId("cpu-inspector");
const tab = (page: Page, name: string | RegExp) => page.getByRole("tab", { name });

async function inspectIrq(page: Page, irq: number) {
  await tab(page, "Irqs").click();
  await page.getByRole("button", { name: `inspect irq ${irq}`, exact: true }).click();
  await expect(page.getByTestId("irq-inspector")).toContainText(`irq ${irq}`);
}

/** Waits until the log shows the worker's answer for the current filters and model (not an older one). */
const logSettled = (page: Page) => expect(page.getByTestId("event-log")).toHaveAttribute("aria-busy", "false");

/** The log lines drawn now (the list is windowed: the lines in view and a margin). */
async function logLines(page: Page): Promise<string[]> {
  await logSettled(page);
  return page.getByTestId("event-log").locator("li").allTextContents();
}

/** "showing N of M events" as [N, M]. */
async function logCount(page: Page): Promise<[number, number]> {
  await logSettled(page);
  const text = (await page.getByTestId("log-count").textContent()) ?? "";
  const m = /showing ([\d,]+) of ([\d,]+) events/.exec(text);
  expect(m, text).not.toBeNull();
  return [Number(m?.[1]?.replace(/,/g, "")), Number(m?.[2]?.replace(/,/g, ""))];
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("a CPU from the CPUs tab: its matrix row as debugfs prints it, and vector 0x21 → irq 29", async ({ page }) => {
  await tab(page, "CPUs").click();
  await page.getByRole("button", { name: "inspect CPU 2", exact: true }).click();
  const cpu = cpuInspector(page);
  await expect(cpu.getByRole("heading", { level: 2 })).toContainText("CPU 2");
  await expect(page.getByTestId("cpu-state")).toHaveText("online");
  await expect(cpu).toContainText("APIC id2 (IRTE dest_id 0x200 in xAPIC mode");
  await expect(page.getByTestId("cpu-avl")).toHaveText("199");
  await expect(page.getByTestId("cpu-act")).toHaveText("1");
  await expect(page.getByTestId("cpu-man")).toHaveText("1");
  await expect(page.getByTestId("cpu-mac")).toHaveText("0");
  await expect(page.getByTestId("cpu-debugfs-row")).toHaveText(
    " | CPU | avl | man | mac | act | vectors\n     2   199     1     0    1  33",
  );
  const v21 = page.getByTestId("cpu-vector-0x21");
  await expect(v21.locator("th")).toHaveText("0x21");
  await expect(v21).toContainText("allocated");
  await expect(v21).toContainText("nic0 msix 0");
  await expect(v21).toContainText("nic0-rx0");
  await expect(page.getByTestId("cpu-vector-0x20")).toContainText("managed reserved");
  await expect(page.getByTestId("cpu-row-2")).toHaveClass(/selected/);
  // The irq is a link: it selects irq 29.
  await v21.getByRole("button", { name: "inspect irq 29 (vector 0x21)" }).click();
  await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
  // A click anywhere on a row selects its CPU too.
  await tab(page, "CPUs").click();
  await page.getByTestId("cpu-row-5").locator("td").first().click();
  await expect(cpuInspector(page).getByRole("heading", { level: 2 })).toContainText("CPU 5");
});

test("a CPU from the canvas target node of irq 29, from its target line, and from the heatmap", async ({ page }) => {
  await inspectIrq(page, 29);
  await page.getByTestId("node-target").click();
  const cpu = cpuInspector(page);
  await expect(cpu.getByRole("heading", { level: 2 })).toContainText("CPU 2");
  await expect(cpu).toContainText("reached from irq 29");
  const v21 = page.getByTestId("cpu-vector-0x21");
  await expect(v21.getByRole("button", { name: "inspect irq 29 (vector 0x21)" })).toHaveText("29");
  await expect(v21).toHaveClass(/selected/);
  // The irq's path stays lit, and the target node shows it is what the inspector shows.
  await expect(page.getByTestId("node-nic0")).toHaveClass(/on-path/);
  await expect(page.getByTestId("node-target")).toHaveClass(/node-selected/);
  // From the irq inspector's target line.
  await inspectIrq(page, 29);
  await page.getByTestId("irq-target-cpu").click();
  await expect(cpu.getByRole("heading", { level: 2 })).toContainText("CPU 2");
  // From the heatmap: a row label, and the C key on the focused map.
  await tab(page, "Vectors").click();
  const map = page.getByTestId("heatmap-canvas");
  await expect(map).toBeVisible();
  const top = Number(await map.getAttribute("data-top"));
  const cellH = Number(await map.getAttribute("data-cell-h"));
  await map.click({ position: { x: 10, y: top + 3 * cellH + cellH / 2 } });
  await expect(cpu.getByRole("heading", { level: 2 })).toContainText("CPU 3");
  await map.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("c");
  await expect(cpu.getByRole("heading", { level: 2 })).toContainText("CPU 2");
});

test("a CPU taken offline and back from the CPU inspector", async ({ page }) => {
  await tab(page, "CPUs").click();
  await page.getByRole("button", { name: "inspect CPU 2", exact: true }).click();
  await expect(page.getByTestId("cpu-vector-0x21")).toContainText("nic0 msix 0");
  await page.getByTestId("cpu-inspector-toggle").click();
  await expect(result(page)).toContainText("CPU 2 offline");
  await expect(page.getByTestId("cpu-state")).toHaveText("offline");
  await expect(page.getByTestId("cpu-debugfs-row")).toHaveText("(offline CPUs are not printed)");
  // irq 29 moved away: nothing of it is left on CPU 2; the CPUs tab agrees.
  await expect(page.getByTestId("cpu-vector-0x21")).toHaveCount(0);
  await expect(page.getByTestId("cpu-row-2")).toHaveClass(/offline/);
  await expect(page.getByTestId("cpu-inspector-toggle")).toHaveText("Bring CPU 2 online");
  await page.getByTestId("cpu-inspector-toggle").click();
  await expect(result(page)).toContainText("CPU 2 online");
  await expect(page.getByTestId("cpu-state")).toHaveText("online");
  // The boot CPU can never go (x86 has no cpu0/online file): no button offers it, and both say why.
  await page.getByRole("button", { name: "inspect CPU 0", exact: true }).click();
  await expect(page.getByTestId("cpu-inspector-toggle")).toBeDisabled();
  await expect(page.getByTestId("cpu-unplug")).toContainText("CPU 0 cannot be taken offline on x86");
  await expect(page.getByTestId("cpu-toggle-0")).toBeDisabled();
  await expect(page.getByTestId("cpu-toggle-0")).toHaveAttribute("title", /no online file/);
  await expect(page.getByTestId("cpu-toggle-1")).toBeEnabled();
  await expect(page.getByTestId("cpu-state")).toHaveText("online");
});

test("the event log filtered by kind and by device, combined, counted, and cleared", async ({ page }) => {
  await tab(page, "Event log").click();
  const [all, held] = await logCount(page);
  expect(all).toBe(held);
  expect(all).toBeGreaterThan(400);
  // By kind: only the device store writes.
  for (const kind of ["vector", "matrix", "irte", "step", "error", "kernel"]) {
    await page.getByTestId(`log-kind-${kind}`).uncheck();
  }
  await expect.poll(async () => (await logCount(page))[0]).toBeLessThan(all);
  const writes = await logLines(page);
  expect(writes.length).toBeGreaterThan(0);
  expect(
    writes.every((l) => /^(nvme0|nic0|ahci0|dsa0|ioapic0|hpet0) /.test(l)),
    writes.join("\n"),
  ).toBe(true);
  // And by device: nic0's store writes only.
  await page.getByTestId("log-device").selectOption("nic0");
  await expect.poll(async () => (await logLines(page)).every((l) => l.startsWith("nic0 msix"))).toBe(true);
  const nicWrites = (await logCount(page))[0];
  expect(nicWrites).toBeGreaterThan(0);
  expect(await page.getByTestId("log-kind-store").locator("xpath=..").textContent()).toContain(String(nicWrites));
  // nic0's vector_* lines: those of its irqs 29 and 30.
  await page.getByTestId("log-kind-store").uncheck();
  await page.getByTestId("log-kind-vector").check();
  await expect.poll(async () => (await logLines(page))[0] ?? "").toMatch(/^vector_/);
  const vec = await logLines(page);
  expect(
    vec.every((l) => /^vector_\w+: irq=(29|30) /.test(l)),
    vec.join("\n"),
  ).toBe(true);
  // Steps of nic0 only.
  await page.getByTestId("log-kind-vector").uncheck();
  await page.getByTestId("log-kind-step").check();
  await expect
    .poll(() => logLines(page))
    .toEqual([
      "#3 alloc nic0 msix 1-2 -> ok (2 MSIX vectors: irq 29-30)",
      "#4 request_irq nic0 0 (irq 29) -> ok (vector 33 on CPU 2, IRTE 19)",
    ]);
  await expect(page.getByTestId("log-count")).toContainText(`showing 2 of ${held} events`);
  // Cleared at once.
  await page.getByTestId("log-clear").click();
  await expect(page.getByTestId("log-count")).toContainText(`showing ${held} of ${held} events`);
  await expect(page.getByTestId("log-kind-vector")).toBeChecked();
  await expect(page.getByTestId("log-device")).toHaveValue("");
  // By irq, from the selection button; a bad number is said so and not applied.
  await inspectIrq(page, 29);
  await tab(page, "Event log").click();
  await page.getByTestId("log-use-selection").click();
  await expect(page.getByTestId("log-irq")).toHaveValue("29");
  const irq29 = await logLines(page);
  expect(irq29.filter((l) => /irq=\d+/.test(l)).every((l) => /irq=29\b/.test(l))).toBe(true);
  await page.getByTestId("log-irq").fill("2x");
  await expect(page.getByTestId("log-irq")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("irq must be a whole number")).toBeVisible();
  await expect(page.getByTestId("log-count")).toContainText(`showing ${held} of ${held} events`);
});

test("a step the kernel refuses is explained in the log, and errors only shows just those", async ({ page }) => {
  // An affinity write naming only an offline CPU, and alloc_at on an index in use.
  await tab(page, "CPUs").click();
  await page.getByTestId("cpu-toggle-3").click();
  await expect(result(page)).toContainText("CPU 3 offline");
  await inspectIrq(page, 29);
  await page.getByTestId("affinity-input").fill("3");
  await page.getByTestId("affinity-set").click();
  await expect(result(page)).toContainText("-EINVAL");
  await page.getByTestId("node-nic0").click();
  await page.getByTestId("alloc-at-index").fill("0");
  await page.getByTestId("alloc-at").click();
  await expect(result(page)).toContainText("-EBUSY");
  await tab(page, "Event log").click();
  await page.getByTestId("log-errors-only").check();
  await expect(page.getByTestId("log-count")).toContainText("showing 2 of");
  const lines = await logLines(page);
  expect(lines[0]).toBe("#12 set_affinity nic0 msix 0 (irq 29) cpus 3 -> -22 EINVAL: no CPU of 3 is online");
  expect(lines[1]).toMatch(/^ {4}-22 EINVAL: Invalid argument\. Why: write_irq_affinity\(\)/);
  expect(lines.join(" ")).toContain("cpumask_intersects(mask, cpu_online_mask)");
  expect(lines).toContain("#13 alloc_at nic0 0 -> -16 EBUSY: index 0 is already allocated");
  expect(lines.join(" ")).toContain("msi_insert_desc()");
  await expect(page.getByTestId("event-log").locator("li[data-errno='EINVAL']")).toHaveCount(1);
  // Errors of one irq.
  await page.getByTestId("log-irq").fill("29");
  await expect(page.getByTestId("log-count")).toContainText("showing 1 of");
  // Errors only off: the refused step sits among the lines of its irq.
  await page.getByTestId("log-errors-only").uncheck();
  await expect.poll(async () => (await logCount(page))[0]).toBeGreaterThan(1);
  expect(await logLines(page)).toContain(
    "#12 set_affinity nic0 msix 0 (irq 29) cpus 3 -> -22 EINVAL: no CPU of 3 is online",
  );
});

test("debugfs: domains/VECTOR and irqs/29 opened by typing in the picker; the file follows the model", async ({
  page,
}) => {
  await tab(page, "debugfs").click();
  const search = page.getByTestId("debugfs-search");
  const text = page.getByTestId("debugfs-text");
  await search.fill("VECTOR");
  await expect(page.getByTestId("debugfs-count")).toContainText("1 of");
  await search.press("Enter");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/domains/VECTOR");
  await expect(text).toContainText("name:   VECTOR");
  await expect(text).toContainText("Online bitmaps:        8");
  await expect(text).toContainText(" | CPU | avl | man | mac | act | vectors\n     0   199");
  await expect(text).toContainText("     2   199     1     0    1  33");
  // irqs/29: its exact name comes first.
  await search.fill("29");
  await expect(page.getByTestId("debugfs-files").getByRole("option").first()).toHaveText("irq/irqs/29");
  await search.press("Enter");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/29");
  await expect(text).toContainText("handler:  handle_edge_irq");
  await expect(text).toContainText("effectiv: 2");
  await expect(text).toContainText("domain:  IR-PCI-MSIX-0000:3d:00.0-12");
  // The arrow keys move through the matches; Enter opens the active one.
  await search.fill("irqs/2");
  await search.press("ArrowDown");
  await expect(page.getByTestId("debugfs-files").getByRole("option", { selected: true })).toHaveText("irq/irqs/25");
  await search.press("Enter");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/25");
  // The list box takes the keys too, for a keyboard user who tabs into it.
  await search.fill("domains/");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("debugfs-files")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/domains/INTEL-IR-0-13");
  // The IR unit's translation table.
  await search.fill("ir_trans");
  await search.press("Enter");
  await expect(text).toContainText("Remapped Interrupt supported on IOMMU: dmar0");
  await expect(text).toContainText(" 19    3d:00.0 00000200 21  ");
  // The file follows the model (and the selection): irq 29 moved to CPU 5.
  await inspectIrq(page, 29);
  await page.getByTestId("affinity-input").fill("5");
  await page.getByTestId("affinity-set").click();
  await expect(result(page)).toContainText("ok: vector");
  await tab(page, "debugfs").click();
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/29");
  await expect(text).toContainText("effectiv: 5");
  // A domain selected on the canvas opens its file; "open in the debugfs tab" from the inspector too.
  await page.getByTestId("node-INTEL-IR-0-13").click();
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/domains/INTEL-IR-0-13");
  await page.getByTestId("debugfs-follow").uncheck();
  await inspectIrq(page, 30);
  await page.getByTestId("irq-open-debugfs").click();
  await expect(tab(page, "debugfs")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/30");
  // Escape clears the search; the list shows where the open file is.
  await search.press("Escape");
  await expect(page.getByTestId("debugfs-count")).toHaveText(/^(\d+) of \1 files$/);
  await expect(page.getByTestId("debugfs-files").getByRole("option", { selected: true })).toHaveText("irq/irqs/30");
  await expect(page.getByTestId("debugfs-file-irq/irqs/30")).toBeInViewport();
});

test("debugfs: the file that follows the selection is the picker's active entry, scrolled into view", async ({
  page,
}) => {
  await inspectIrq(page, 29);
  await tab(page, "debugfs").click();
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/29");
  const active = page.getByTestId("debugfs-files").getByRole("option", { selected: true });
  await expect(active).toHaveText("irq/irqs/29");
  await expect(active).toBeInViewport();
  // Enter in the search box opens the active entry: the same file, not the first in the list.
  await page.getByTestId("debugfs-search").press("Enter");
  await expect(page.getByTestId("debugfs-path")).toHaveText("/sys/kernel/debug/irq/irqs/29");
});

test("a device's irqs are listed from the worker, also beyond the view's first rows, by its exact name", async ({
  page,
}) => {
  // hba10's 600 entries first: hba1's irqs come after the 500 rows the view carries, and "hba1" is not "hba10".
  const scenario = {
    format: "irqscope-scenario",
    version: 1,
    title: "two HBAs",
    machine: {
      cpus: 8,
      ir: "on",
      devices: [
        { name: "hba10", model: "pci-msix", bdf: "0000:20:00.0", table_size: 600 },
        { name: "hba1", model: "pci-msix", bdf: "0000:11:00.0", table_size: 8 },
      ],
    },
    steps: [
      { op: "alloc", device: "hba10", type: "msix", min: 600, max: 600 },
      { op: "alloc", device: "hba1", type: "msix", min: 5, max: 5 },
    ],
  };
  await page.getByTestId("import").setInputFiles({
    name: "two-hbas.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
  await page.getByTestId("node-hba1").click();
  const list = page.getByRole("list", { name: "irqs of hba1" });
  await expect(list.locator("li")).toHaveCount(5);
  await expect(list.locator("li").first()).toContainText("msix 0");
  await expect(page.getByTestId("device-irqs-more")).toHaveCount(0);
  await page.getByTestId("node-hba10").click();
  await expect(page.getByTestId("device-irqs-more")).toContainText("The first 200 of 600 irqs");
});
