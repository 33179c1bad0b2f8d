import { expect, type Page, test } from "@playwright/test";

const result = (page: Page) => page.getByTestId("result");
const node = (page: Page, label: string) => page.getByTestId(`node-${label}`);
const inspector = (page: Page) => page.getByTestId("irq-inspector");

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(node(page, "VECTOR")).toBeVisible();
});

test("the QEMU q35 preset boots as the real kernel did: the drivers' irqs, INTx lines and HPET on VECTOR", async ({
  page,
}) => {
  await page.getByTestId("machine-preset").selectOption({ label: "QEMU q35 (real 6.12 boot)" });
  await expect(result(page)).toContainText("load QEMU q35 (real 6.12 boot)");
  for (const d of ["00:01.0", "00:02.0", "00:03.0", "00:04.0", "00:05.0"]) {
    await expect(node(page, `IR-PCI-MSIX-0000:${d}-12`)).toBeVisible();
  }
  await expect(node(page, "HPET-MSI-0")).toBeVisible();
  // As recorded: nvme0q0 on CPU 3 vector 34, its I/O queues one per CPU; e1000e requested at link up.
  await page.getByRole("button", { name: "inspect irq 25", exact: true }).click();
  await expect(inspector(page)).toContainText("nvme0q0");
  await expect(inspector(page)).toContainText("CPU 3, vector 0x22");
  await page.getByRole("button", { name: "inspect irq 30", exact: true }).click();
  await expect(inspector(page)).toContainText("eth0-rx-0");
  await page.getByRole("tab", { name: "/proc/interrupts" }).click();
  const proc = page.getByRole("tabpanel");
  await expect(proc).toContainText("virtio1-req.3");
  await expect(proc).toContainText("LOC:");
  await expect(proc).not.toContainText(" 20:");
});

test("the recorded session: EPERM on a managed irq, EINVAL for offline CPUs only, ERANGE beyond the CPUs", async ({
  page,
}) => {
  await page
    .getByTestId("machine-preset")
    .selectOption({ label: "Example: QEMU q35, the recorded real-kernel session" });
  await expect(result(page)).toContainText("QEMU q35");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  const steps = page.getByRole("tabpanel");
  await expect(steps).toContainText("EPERM");
  await expect(steps).toContainText("ERANGE");
  await expect(steps).toContainText("EINVAL");
  await page.getByRole("tab", { name: "Irqs" }).click();
  await page.getByRole("button", { name: "inspect irq 34", exact: true }).click();
  await expect(inspector(page)).toContainText("virtio0-input.0");
  await expect(inspector(page)).toContainText("CPU 2, vector 0x27");
});
