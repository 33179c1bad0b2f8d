import { expect, type Page, test } from "@playwright/test";

const result = (page: Page) => page.getByTestId("result");
const node = (page: Page, label: string) => page.getByTestId(`node-${label}`);
const inspector = (page: Page) => page.getByTestId("irq-inspector");

/** The value column of a bit table's row named `field`. */
const bit = (page: Page, table: string, field: string) =>
  page
    .getByTestId(table)
    .locator("tr", { has: page.locator(`th:text-is("${field}")`) })
    .locator("td")
    .nth(1);

async function inspectIrq(page: Page, irq: number) {
  await page.getByRole("button", { name: `inspect irq ${irq}`, exact: true }).click();
  await expect(inspector(page)).toContainText(`irq ${irq}`);
}

async function loadPreset(page: Page, label: string) {
  await page.getByTestId("machine-preset").selectOption({ label });
  await expect(result(page)).toContainText(`load ${label}`);
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(node(page, "VECTOR")).toBeVisible();
});

test("the canvas shows the whole hierarchy of the loaded machine, VECTOR down to the devices", async ({ page }) => {
  await expect(page.getByTestId("machine-summary")).toHaveText(
    "8 CPUs · kernel 6.12 · IR on · xAPIC · scheme new (Dec 2021 proposal) · KVM",
  );
  for (const label of [
    "VECTOR",
    "INTEL-IR-0-13",
    "DMAR-MSI",
    "IO-APIC-0",
    "HPET-MSI-0",
    "IR-PCI-MSIX-0000:02:00.0-12",
    "IR-PCI-MSIX-0000:3d:00.0-12",
    "IR-PCI-MSI-0000:00:17.0-11",
    "IR-DEV-IMS-0000:6a:01.0-15",
    "nvme0",
    "nic0",
    "ahci0",
    "dsa0",
    "serial0",
    "sci",
    "dmar0",
  ]) {
    await expect(node(page, label), label).toBeAttached();
  }
  await expect(node(page, "INTEL-IR-0-13")).toContainText("65536");
  await expect(node(page, "nvme0")).toContainText("msix 4/16");
  await expect(node(page, "dsa0")).toContainText("ims-device 2/32");
});

test("selecting an irq shows its path, its message bit by bit and its IRTE fields", async ({ page }) => {
  await inspectIrq(page, 29);
  await expect(page.getByTestId("irq-path")).toContainText("nic0");
  await expect(page.getByTestId("irq-path")).toContainText("IR-PCI-MSIX-0000:3d:00.0-12");
  // The remapping level's hwirq is IRTE 19 << 16, in hex as debugfs prints it.
  await expect(page.getByTestId("irq-path")).toContainText("INTEL-IR-0-13 hwirq 0x130000 · INTEL-IR · IRTE 19");
  await expect(page.getByTestId("irq-target")).toHaveText("CPU 2, vector 0x21");
  // The device holds a remappable message: the IRTE handle in the address, never the CPU or vector.
  await expect(page.getByTestId("msg-words")).toHaveText("address 0x00000000:0xfee00278 · data 0x00000000");
  await expect(page.getByTestId("msg-summary")).toHaveText("remappable: IRTE handle 19, SHV, subhandle 0 -> IRTE 19");
  await expect(bit(page, "msg-bits", "dmar_format")).toHaveText("0x1");
  // The IRTE holds the CPU and vector.
  await expect(bit(page, "irte-bits", "vector")).toHaveText("0x21");
  await expect(bit(page, "irte-bits", "present")).toHaveText("0x1");
  // The canvas lights the path and ends at the CPU.
  await expect(node(page, "nic0")).toHaveClass(/on-path/);
  await expect(node(page, "INTEL-IR-0-13")).toHaveClass(/on-path/);
  await expect(node(page, "nvme0")).not.toHaveClass(/on-path/);
  await expect(page.getByTestId("path-note-INTEL-IR-0-13")).toHaveText("IRTE 19");
  await expect(page.getByTestId("node-target")).toContainText("CPU 2 · vector 0x21");
});

test("under IR an affinity change rewrites only the IRTE; raise follows it to the new CPU", async ({ page }) => {
  await inspectIrq(page, 29);
  const words = await page.getByTestId("msg-words").textContent();
  await page.getByTestId("affinity-input").fill("5");
  await page.getByTestId("affinity-set").click();
  await expect(result(page)).toContainText("ok: vector");
  await expect(page.getByTestId("irq-target")).toContainText("CPU 5");
  await expect(page.getByTestId("node-target")).toContainText("CPU 5");
  await expect(bit(page, "irte-bits", "dest_id")).toContainText("0x500");
  await expect(page.getByTestId("msg-words")).toHaveText(words ?? "");
  await page.getByTestId("irq-raise").click();
  await expect(result(page)).toContainText("via IRTE 19: handled");
  await expect(page.getByTestId("irq-count")).toHaveText("1");
  // What the affinity step wrote: the lines between the previous step's outcome and its own.
  await page.getByRole("tab", { name: "Event log" }).click();
  const outcome = /^#\d+ set_affinity nic0 msix 0 \(irq 29\) cpus 5 /;
  await expect(page.getByTestId("event-log").locator("li").filter({ hasText: outcome })).toHaveCount(1);
  const lines = await page.getByTestId("event-log").locator("li").allTextContents();
  const end = lines.findIndex((l) => outcome.test(l));
  const start = lines.slice(0, end).findLastIndex((l) => /^#\d+ /.test(l));
  const written = lines.slice(start + 1, end);
  expect(written.filter((l) => l.startsWith("irte_write: index=19 P=1 vector="))).toHaveLength(1);
  expect(written.filter((l) => l.startsWith("nic0 "))).toEqual([]);
});

test("without IR the device holds a compat message with the CPU and vector, and IMS is refused", async ({ page }) => {
  await loadPreset(page, "Laptop without IR");
  await expect(node(page, "INTEL-IR-0-13")).toHaveCount(0);
  await expect(node(page, "PCI-MSIX-0000:01:00.0-12")).toBeAttached();
  await page
    .getByRole("button", { name: /^inspect irq/ })
    .first()
    .waitFor();
  const row = page.locator("tr", { hasText: "iwlwifi" });
  const irq = Number(await row.locator("th").textContent());
  await inspectIrq(page, irq);
  await expect(page.getByTestId("msg-summary")).toContainText("compat: APIC id");
  await expect(page.getByTestId("irte-bits")).toHaveCount(0);
  await expect(bit(page, "msg-bits", "vector")).toHaveText(
    (await page.getByTestId("irq-target").textContent())?.replace(/.*vector /, "") ?? "",
  );
  await loadPreset(page, "Example: IMS refused without IR");
  await page.getByRole("tab", { name: /Steps/ }).click();
  await expect(page.getByTestId("timeline")).toContainText("-ENOTSUPP");
});

test("a driver's actions on a device: allocate, grow with alloc_at, refused input, hot-unplug", async ({ page }) => {
  await node(page, "nic0").click();
  const dev = page.getByTestId("device-inspector");
  await expect(dev).toContainText("0000:3d:00.0");
  await page.getByTestId("alloc-at-index").fill("7");
  await page.getByTestId("alloc-at").click();
  await expect(result(page)).toContainText("MSI-X index 7: irq");
  await expect(node(page, "nic0")).toContainText("msix 3/64");
  // What the operation changed is marked (briefly lit, data-changed until the next operation): the device
  // and the domains it maps into, not the others.
  await expect(node(page, "nic0")).toHaveAttribute("data-changed", "true");
  await expect(node(page, "IR-PCI-MSIX-0000:3d:00.0-12")).toHaveAttribute("data-changed", "true");
  await expect(node(page, "nvme0")).not.toHaveAttribute("data-changed");
  // The same index again: the kernel refuses it, and nothing is marked.
  await page.getByTestId("alloc-at").click();
  await expect(page.getByTestId("result-errno")).toBeVisible();
  await expect(node(page, "nic0")).toContainText("msix 3/64");
  await expect(node(page, "nic0")).not.toHaveAttribute("data-changed");
  // Input the format refuses: -EINVAL naming the field; nothing changes.
  await page.getByTestId("free-at-index").fill("9999");
  await page.getByTestId("free-at").click();
  await expect(result(page)).toContainText("-EINVAL");
  await expect(result(page)).toContainText("index: expected an integer from 0 to 2047, got 9999");
  // Surprise removal: the handlers go, the vectors and IRTEs are given back, the node disappears.
  await node(page, "dsa0").click();
  await page.getByTestId("device-remove").click();
  await expect(result(page)).toContainText("dsa0 removed");
  await expect(node(page, "dsa0")).toHaveCount(0);
  await expect(node(page, "IR-DEV-IMS-0000:6a:01.0-15")).toHaveCount(0);
});

test("a domain shows its debugfs file; CPU offline moves its irqs", async ({ page }) => {
  await node(page, "INTEL-IR-0-13").click();
  await expect(page.getByTestId("debugfs-domain")).toContainText("name:   INTEL-IR-0-13");
  await page.getByRole("tab", { name: "CPUs" }).click();
  await page.getByTestId("cpu-toggle-2").click();
  await expect(result(page)).toContainText("CPU 2 offline");
  await page.getByRole("tab", { name: "Irqs" }).click();
  await inspectIrq(page, 29);
  await expect(page.getByTestId("irq-target")).not.toContainText("CPU 2,");
  await page.getByRole("tab", { name: "/proc/interrupts" }).click();
  await expect(page.getByTestId("proc-interrupts")).toContainText("IR-PCI-MSIX-0000:3d:00.0");
});

test("screenshot of the workspace", async ({ page }) => {
  await inspectIrq(page, 29);
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-count")).toHaveText("1");
  await page.screenshot({ path: "test-results/screenshots/workspace.png" });
});
