/**
 * Guests in the browser (#17): a guest preset loads through the worker; the irq inspector shows what
 * backs a guest interrupt on the host, a silent failure with its reason, and the event log lists the
 * Dec 2021 proposal's hypercalls.
 */
import { expect, type Page, test } from "@playwright/test";

const tab = (page: Page, name: string | RegExp) => page.getByRole("tab", { name });

async function choose(page: Page, label: string) {
  await page.getByTestId("machine-preset").selectOption({ label });
  await expect(page.getByTestId("result")).toContainText(`load ${label}`);
}

/** Searches the Irqs table and inspects the first row it finds. */
async function inspectFirst(page: Page, query: string) {
  await tab(page, "Irqs").click();
  await page.getByTestId("irq-search").fill(query);
  await expect(page.getByTestId("irq-table-panel")).toHaveAttribute("aria-busy", "false");
  await page
    .getByRole("button", { name: /^inspect irq \d+$/ })
    .first()
    .click();
  await expect(page.getByTestId("irq-inspector")).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("a NIC's queue-memory IMS in an old-scheme guest: success, then a silent failure with its reason", async ({
  page,
}) => {
  await choose(page, "Guest IMS: IDXD emulated vs NIC silent failure");
  await inspectFirst(page, "nic0 ims");
  const backing = page.getByTestId("irq-backing");
  await expect(backing).toHaveAttribute("data-backed", "no");
  await expect(backing).toContainText("silent failure");
  await expect(page.getByTestId("irq-backing-broken")).toContainText("neither traps nor emulates");
  // IDXD's IMS is trapped and emulated: a host irq backs it.
  await inspectFirst(page, "dsa0 ims");
  await expect(page.getByTestId("irq-backing")).toHaveAttribute("data-backed", "yes");
  await expect(page.getByTestId("irq-backing")).toContainText("vfio-ims[0]");
});

test("the new scheme granted: the vIRTE hypercall in the event log and behind the irq", async ({ page }) => {
  await choose(page, "KVM guest, new scheme (granted)");
  await inspectFirst(page, "nic0 msix 2");
  const backing = page.getByTestId("irq-backing");
  await expect(backing).toHaveAttribute("data-backed", "yes");
  await expect(backing).toContainText("vIRTE hypercall (Dec 2021 proposal)");
  await expect(backing).toContainText("host IRTE");
  await tab(page, "Event log").click();
  await page.getByTestId("log-text").fill("hypercall (Dec 2021 proposal)");
  await expect(page.getByTestId("event-log")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("event-log").locator("li").first()).toContainText("hypercall (Dec 2021 proposal)");
});
