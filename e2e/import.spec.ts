/**
 * Importing a real machine (#20): each kind of shared dump is drawn read-only with what it holds;
 * garbage changes nothing; markup stays text; undo returns to the simulation; a machine like it can
 * be simulated. Screenshots go under test-results/ for a look at both window sizes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";

const DUMPS = join(import.meta.dirname, "../../shared/fixtures/dumps");
const dump = (file: string) => readFileSync(join(DUMPS, file));
const result = (page: Page) => page.getByTestId("result");

async function importFile(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId("import").setInputFiles({ name, mimeType: "text/plain", buffer });
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

/** One per kind of sample: the file, a node it draws, an irq row it lists (or none). */
const KINDS: readonly (readonly [kind: string, file: string, node: string, irq: number | undefined])[] = [
  ["debugfs domains", "01-vm0-vector-dmar-msi-domains.txt", "DMAR-MSI", undefined],
  ["debugfs irqs/N, pre-6.2 IR", "04-lkml-dexuan-skylake-intel-ir3-irqs-33-34.txt", "INTEL-IR-MSI-3-3", 34],
  ["one debugfs irqs/N file", "06-lkml-dexuan-mlx5-irq209-intel-ir-msi.txt", "0000:d8:00.0", 209],
  [
    "/proc/interrupts, global PCI-MSI hwirqs",
    "10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt",
    "0000:02:00.0",
    128,
  ],
  [
    "/proc/interrupts, per-device MSI domains",
    "11-thinkpad-l16gen2-proc-interrupts-per-device-msi.txt",
    "INTEL-IR-0-13",
    127,
  ],
  [
    "/proc/interrupts of a guest without IR",
    "13-qemu-q35-guest-proc-interrupts-pci-msix-no-ir.txt",
    "PCI-MSIX-0000:01:00.0-12",
    41,
  ],
  ["kernel log lines", "14-dmesg-interrupt-remapping-enable-messages.txt", "", undefined],
  [
    "several machines in one paste",
    "16-martins3-intel-ir-domains-listing-and-irqs.txt",
    "PCI-MSIX-0000:00:0b.0-12",
    58,
  ],
];

for (const [kind, file, node, irq] of KINDS) {
  test(`imports ${kind} (${file.slice(0, 2)}) read-only and shows what it holds`, async ({ page }) => {
    await importFile(page, file, dump(file));
    await expect(page.getByTestId("import-banner")).toContainText("Imported, read-only.");
    await expect(result(page)).toContainText("imported, read-only");
    if (node) await expect(page.getByTestId(`node-${node}`)).toBeVisible();
    if (irq !== undefined) {
      await page.getByRole("button", { name: `inspect irq ${irq}`, exact: true }).click();
      await expect(page.getByTestId("irq-inspector")).toContainText(`irq ${irq}`);
      await expect(page.getByTestId("irq-provenance")).toContainText("Read-only: imported from");
      await expect(page.getByTestId("irq-request")).toHaveCount(0);
    }
    if (file.startsWith("14")) {
      await expect(page.getByTestId("import-banner")).toContainText("interrupt remapping: on (intel)");
      await expect(page.getByTestId("simulate-like")).toBeDisabled();
      await expect(page.getByTestId("simulate-like-why")).toContainText("how many CPUs");
    }
    if (file.startsWith("16")) {
      await expect(page.getByTestId("import-machine").locator("option")).toHaveCount(2);
      await page.getByTestId("import-machine").selectOption({ index: 1 });
      await expect(page.getByTestId("node-IO-APIC-2")).toBeVisible();
    }
  });
}

test("a /proc/interrupts import: read-only actions, the table as read, simulate one like it, undo back", async ({
  page,
}, info) => {
  await importFile(page, "surface.txt", dump("10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt"));
  await expect(page.getByTestId("import-label")).toContainText("/proc/interrupts, 25 irqs");
  await expect(page.getByTestId("machine-summary")).toContainText("imported machine (read-only)");
  await expect(page.getByTestId("open-knobs")).toHaveCount(0);
  await expect(page.getByTestId("share")).toBeDisabled();
  await page.getByRole("tab", { name: "/proc/interrupts (as read)" }).click();
  await expect(page.getByTestId("proc-interrupts")).toContainText("IR-PCI-MSI 1048577-edge");
  await page.getByRole("tab", { name: "Irqs" }).click();
  await page.getByRole("button", { name: "inspect irq 128", exact: true }).click();
  await expect(page.getByTestId("irq-path")).toContainText("INTEL-IR-MSI-0-3");
  await expect(page.getByTestId("node-0000:02:00.0")).toHaveClass(/on-path/);
  // A CPU: what the input places on it; the matrix the model would show is not in the input.
  await page.getByRole("tab", { name: "CPUs" }).click();
  await page.getByRole("button", { name: "inspect CPU 1", exact: true }).click();
  await expect(page.getByTestId("cpu-inspector")).toContainText("CPU 1 imported, read-only");
  await expect(page.getByTestId("cpu-inspector")).toContainText("not printed by /proc/interrupts or irqs/N: unknown");
  for (const [w, h] of [
    [1920, 1080],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: info.outputPath(`import-surface-${w}x${h}.png`) });
  }
  await page.getByTestId("simulate-like").click();
  await expect(page.getByTestId("import-banner")).toHaveCount(0);
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await expect(page.getByTestId("machine-summary")).toContainText("IR on");
  await expect(page.getByTestId("node-0000:02:00.0")).toHaveCount(0);
  // Undo: back to the machine before the simulation of the import (the session's history).
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
});

test("undo leaves an import for the simulation it replaced", async ({ page }) => {
  await expect(page.getByTestId("step-counter")).toHaveText("step 11/11");
  await importFile(page, "guest.txt", dump("13-qemu-q35-guest-proc-interrupts-pci-msix-no-ir.txt"));
  await expect(page.getByTestId("import-banner")).toBeVisible();
  await page.getByTestId("leave-import").click();
  await expect(page.getByTestId("import-banner")).toHaveCount(0);
  await expect(page.getByTestId("step-counter")).toHaveText("step 11/11");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("garbage is refused with one message and changes nothing on screen", async ({ page }) => {
  const before = await page.getByTestId("machine-summary").textContent();
  const cases: readonly (readonly [string, Buffer, RegExp])[] = [
    ["empty.txt", Buffer.from(""), /empty\.txt is empty/],
    ["cat.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not text/],
    ["page.html", Buffer.from("<!DOCTYPE html><html><body><p>hello</p></body></html>"), /web page/],
    ["header.txt", Buffer.from("           CPU0       CPU1\n"), /no rows/],
    ["words.txt", Buffer.from("lorem ipsum dolor\nsit amet"), /nothing in words\.txt is/],
  ];
  for (const [name, buffer, message] of cases) {
    await importFile(page, name, buffer);
    await expect(result(page)).toContainText(message);
    await expect(page.getByTestId("import-banner")).toHaveCount(0);
    await expect(page.getByTestId("machine-summary")).toHaveText(before ?? "");
  }
});

test("a pasted dump with markup in a name shows the markup as text", async ({ page }) => {
  await page.getByTestId("open-paste").click();
  const paste = [
    "            CPU0       CPU1",
    "   0:         44          0  IR-IO-APIC    2-edge      timer",
    " 127:          0       2035  IR-PCI-MSIX-0000:00:0d.2    0-edge      <b>thunderbolt</b>",
  ].join("\n");
  await page.getByTestId("paste-box").fill(paste);
  await page.getByTestId("paste-import").click();
  await expect(page.getByTestId("paste-dialog")).toBeHidden();
  await expect(page.getByTestId("irq-row-127")).toContainText("<b>thunderbolt</b>");
  await expect(page.locator("b", { hasText: "thunderbolt" })).toHaveCount(0);
});

test("the paste box says why and stays open when nothing can be read", async ({ page }) => {
  await page.getByTestId("open-paste").click();
  await page.getByTestId("paste-box").fill("just some words");
  await page.getByTestId("paste-import").click();
  await expect(page.getByTestId("paste-error")).toContainText("nothing in paste is");
  await expect(page.getByTestId("paste-dialog")).toBeVisible();
});
