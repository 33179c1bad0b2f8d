import { expect, type Page, test } from "@playwright/test";

const cell = (page: Page, cpu: number, col: string) =>
  page.getByTestId(`cpu-row-${cpu}`).locator(`td[data-col="${col}"]`);

/** debugfs text compared byte for byte (toContainText would fold the kernel's column spacing). */
const debugfs = (page: Page) => expect.poll(() => page.getByTestId("debugfs-vector").textContent());

async function allocate(page: Page, cpus: string, count = 1, managed = false) {
  await page.getByTestId("alloc-cpus").fill(cpus);
  await page.getByTestId("alloc-count").fill(String(count));
  await page.getByTestId("alloc-managed").setChecked(managed);
  await page.getByTestId("alloc-submit").click();
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("the default machine boots with the kernel's vector counts", async ({ page }) => {
  await expect(page.getByTestId("vector-online-maps")).toHaveText("4");
  await expect(page.getByTestId("vector-global-available")).toHaveText("789");
  await expect(cell(page, 0, "avl")).toHaveText("186");
  await expect(cell(page, 0, "act")).toHaveText("15");
  for (const cpu of [1, 2, 3]) await expect(cell(page, cpu, "avl")).toHaveText("201");
  await debugfs(page).toContain("Global available:    789\n");
  await debugfs(page).toContain("\n     0   186     0     0   15  48-49,51-63\n     1   201     0     0    0  \n");
  await expect(page.getByRole("group", { name: "CPU 0 vector space" })).toBeVisible();
});

test("allocate, free, offline and online go through the worker and update every view", async ({ page }) => {
  await allocate(page, "0-3");
  await expect(page.getByTestId("result")).toContainText("ok: #1: vector 32 on CPU 1");
  await expect(cell(page, 1, "avl")).toHaveText("200");
  await expect(page.getByTestId("vector-global-available")).toHaveText("788");
  await debugfs(page).toContain("\n     1   200     0     0    1  32\n");

  await allocate(page, "2-3", 2, true);
  await expect(page.getByTestId("result")).toContainText("ok: 2 vectors");
  await expect(cell(page, 3, "man")).toHaveText("2");
  await expect(cell(page, 3, "mac")).toHaveText("1");
  await expect(cell(page, 2, "mac")).toHaveText("1");

  await page.getByRole("tab", { name: "Vectors held" }).click();
  await page.getByRole("button", { name: "Free vector #1" }).click();
  await expect(page.getByTestId("result")).toContainText("freed vector 32 on CPU 1");
  await expect(cell(page, 1, "avl")).toHaveText("201");

  await page.getByRole("button", { name: "Take offline CPU 3" }).click();
  await expect(page.getByTestId("result")).toContainText("CPU 3 offline; 1 vector(s) moved");
  await expect(page.getByTestId("vector-online-maps")).toHaveText("3");
  await expect(page.getByTestId("cpu-row-3")).toContainText("offline");
  await page.getByRole("tab", { name: "debugfs domains/VECTOR" }).click();
  await debugfs(page).toContain("Online bitmaps:        3\n");
  await debugfs(page).not.toContain("\n     3 ");

  await page.getByRole("button", { name: "Bring online CPU 3" }).click();
  await expect(page.getByTestId("result")).toContainText("CPU 3 online");
  await expect(page.getByTestId("vector-online-maps")).toHaveText("4");

  await page.getByRole("tab", { name: "Event log" }).click();
  await expect(page.getByTestId("event-log")).toContainText("irq_matrix_alloc: bit=32 cpu=1 online=1 avl=200");
  await expect(page.getByTestId("event-log")).toContainText("irq_matrix_offline: online_maps=3");
});

test("failures show the kernel's errno and reason and change nothing", async ({ page }) => {
  await allocate(page, "0-x");
  await expect(page.getByTestId("result-errno")).toHaveText("-EINVAL");
  await expect(page.getByTestId("result")).toContainText("is not a CPU list");

  await allocate(page, "0-2", 600);
  await expect(page.getByTestId("result-errno")).toHaveText("-ENOSPC");
  await expect(page.getByTestId("result")).toContainText("allocated 588 of 600");
  await expect(page.getByTestId("vector-global-available")).toHaveText("201");

  await allocate(page, "3", 150);
  await expect(cell(page, 3, "act")).toHaveText("150");
  await page.getByRole("button", { name: "Take offline CPU 3" }).click();
  await expect(page.getByTestId("result-errno")).toHaveText("-ENOSPC");
  await expect(page.getByTestId("result")).toContainText("CPU 3 has 150 vectors, 0 available. Cannot disable CPU");
  await expect(page.getByTestId("vector-online-maps")).toHaveText("4");

  await page.getByRole("button", { name: "Take offline CPU 0" }).click();
  await expect(page.getByTestId("result-errno")).toHaveText("-EPERM");
  await page.screenshot({ path: "test-results/screenshots/first-slice-errors.png" });
});

test("a larger machine boots from the machine bar", async ({ page }) => {
  await page.getByTestId("machine-cpus").fill("64");
  await page.getByTestId("machine-kernel").selectOption("6.1");
  await page.getByRole("button", { name: "Boot" }).click();
  await expect(page.getByTestId("vector-online-maps")).toHaveText("64");
  // v6.1: window [32,236) and vector 32 is still the cleanup IPI: 201 free per CPU.
  await expect(cell(page, 63, "avl")).toHaveText("201");
  await expect(page.getByTestId("vector-global-available")).toHaveText(String(186 + 63 * 201));
  await expect(page.getByText("CPUs 16–63 are listed in the CPU panel")).toBeVisible();
});

test("screenshot of the workspace", async ({ page }) => {
  await allocate(page, "0-3", 6);
  await allocate(page, "1-3", 3, true);
  await expect(page.getByTestId("result")).toContainText("ok: 3 vectors");
  await page.screenshot({ path: "test-results/screenshots/workspace.png" });
});
