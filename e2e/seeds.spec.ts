/**
 * The seeds' devices and their hazards in the browser: every preset that carries them loads with its
 * devices on the canvas, and every hazard example, chosen from the machine menu, shows what went wrong
 * in the Steps tab (and, for the NTB peer, the stale copy in the Stores tab).
 */
import { expect, type Page, test } from "@playwright/test";

const result = (page: Page) => page.getByTestId("result");

async function choose(page: Page, label: string) {
  await page.getByTestId("machine-preset").selectOption({ label });
  await expect(result(page)).toContainText(`load ${label}`);
}

async function stepsTab(page: Page) {
  await page.getByRole("tab", { name: /^Steps/ }).click();
  return page.getByTestId("timeline");
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

const PRESET_DEVICES: readonly (readonly [string, readonly string[]])[] = [
  ["DSA host (idxd, IMS with PASIDs)", ["dsa0", "nvme0"]],
  ["NTB pair (Switchtec, the peer's copies)", ["ntb0"]],
  ["ath11k laptop with IR", ["wifi0", "nvme0"]],
  ["ath11k laptop without IR", ["wifi0", "nvme0"]],
  ["2-socket server with every seed device", ["nvme0", "nvme1", "nic0", "dsa0", "ntb0"]],
  ["256-CPU box at scale", ["nvme0", "nic1"]],
];

for (const [label, devices] of PRESET_DEVICES) {
  test(`preset "${label}" loads with its devices on the canvas`, async ({ page }) => {
    await choose(page, label);
    for (const d of devices) await expect(page.getByTestId(`node-${d}`)).toBeVisible();
  });
}

test("ath11k without IR: one shared MSI; with IR: 32 vectors in its multi-MSI block", async ({ page }) => {
  await choose(page, "ath11k laptop without IR");
  await expect(page.getByTestId("node-wifi0")).toContainText("MSI 1/32");
  await choose(page, "ath11k laptop with IR");
  await expect(page.getByTestId("node-wifi0")).toContainText("MSI 32/32");
});

test("hazard: the NTB peer writes its stale copy to an offline CPU until the re-send arrives", async ({ page }) => {
  await choose(page, "Hazard: NTB peer writes a stale copy without IR");
  const steps = await stepsTab(page);
  await expect(steps).toContainText("silent failure: lost: CPU 3 is offline");
  // Back to the step before the peer's doorbell work: the Stores tab shows its copy stale.
  await page.getByRole("button", { name: "go to step 7", exact: true }).click();
  await expect(page.getByTestId("step-counter")).toHaveText("step 7/13");
  await page.getByRole("tab", { name: "Stores" }).click();
  await page.getByTestId("store-device").selectOption("ntb0");
  await expect(page.getByTestId("store-held")).toContainText("1 stale");
  await expect(page.getByTestId("store-held")).toContainText("STALE: the kernel's message is now APIC id 3");
  // After the tick the peer has read the new descriptor.
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await page.getByRole("button", { name: "go to step 8", exact: true }).click();
  await page.getByRole("tab", { name: "Stores" }).click();
  await expect(page.getByTestId("store-held")).toContainText("0 stale");
});

test("hazard: ath11k by pure luck: one MSI pinned to CPU 0 without IR; its firmware's copy holds only because the move is refused", async ({
  page,
}) => {
  await choose(page, "Hazard: ath11k works by pure luck without IR");
  const steps = await stepsTab(page);
  await expect(steps).toContainText("-EPERM: irq 24 is pinned: its driver requested it with IRQF_NOBALANCING");
  await expect(steps).toContainText("the ath11k firmware wrote its copy");
  await page.getByRole("tab", { name: "Stores" }).click();
  await page.getByTestId("store-device").selectOption("wlan0");
  await expect(page.getByTestId("store-held")).toContainText("1, 0 stale");
});

test("hazard: the msi_set_affinity() two-step writes the device twice", async ({ page }) => {
  await choose(page, "Hazard: the msi_set_affinity() two-step");
  const steps = await stepsTab(page);
  await expect(steps).toContainText("move pending until the next interrupt");
  await expect(steps.locator("li").filter({ hasText: "raise ahci0 0" }).first()).toContainText("written 2×");
});

test("hazard: vector exhaustion refuses request_irq and CPU offline with -ENOSPC", async ({ page }) => {
  await choose(page, "Hazard: vector exhaustion (-ENOSPC)");
  const steps = await stepsTab(page);
  await expect(steps).toContainText("request_irq disk0 1 (irq 424) → -ENOSPC");
  await expect(steps).toContainText("cpu_offline 1 → -ENOSPC");
  await expect(steps).toContainText("cpu_offline 1 → ok");
});

test("hazard: IMS needs IR: IDXD's IMS entry with a PASID is delivered; without IR it is refused", async ({ page }) => {
  await choose(page, "Hazard: IMS needs IR (IDXD with a PASID)");
  const steps = await stepsTab(page);
  await expect(steps).toContainText("raise dsa0 ims 0 (irq 34) → ok");
  await page.getByTestId("open-knobs").click();
  await page.getByTestId("knob-ir").selectOption("off");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByTestId("changed-steps")).toContainText("alloc_ims dsa0 2: outcome: ok → -ENOTSUPP");
});
