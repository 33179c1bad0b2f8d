import { expect, type Page, test } from "@playwright/test";

const cell = (page: Page, cpu: number, col: string) =>
  page.getByTestId(`cpu-row-${cpu}`).locator(`td[data-col="${col}"]`);
/** Kernel text compared byte for byte (toContainText would fold the kernel's column spacing). */
const text = (page: Page, id: string) => expect.poll(() => page.getByTestId(id).textContent());
const result = (page: Page) => page.getByTestId("result");

async function allocate(
  page: Page,
  opts: { count?: number; kind?: string; cpus?: string; name?: string; pcntxt?: boolean },
) {
  await page.getByTestId("alloc-count").fill(String(opts.count ?? 1));
  await page.getByTestId("alloc-kind").selectOption(opts.kind ?? "reserve");
  await page.getByTestId("alloc-cpus").fill(opts.cpus ?? "");
  await page.getByTestId("alloc-name").fill(opts.name ?? "");
  await page.getByTestId("alloc-pcntxt").setChecked(opts.pcntxt ?? false);
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
  for (const cpu of [1, 2, 3]) await expect(cell(page, cpu, "avl")).toHaveText("201");
  await page.getByRole("tab", { name: "domains/VECTOR" }).click();
  await text(page, "debugfs-vector").toContain("Global available:    789\n");
  await text(page, "debugfs-vector").toContain(
    "\n     0   186     0     0   15  48-49,51-63\n     1   201     0     0    0  \n",
  );
});

test("an irq's life: reserve, request, a deferred move, its cleanup, free — every view follows", async ({ page }) => {
  await allocate(page, { name: "eth0" });
  await expect(result(page)).toContainText(
    'irq 24 "eth0" (reserve): reserved (global promise), parked on 0xef of CPU 0',
  );
  await expect(page.getByTestId("irq-row-24")).toContainText("0xef (parked)");
  await expect(page.getByTestId("node-irq")).toContainText("irq 24");

  await page.getByTestId("irq-request").click();
  await expect(result(page)).toContainText('irq 24 "eth0q0": vector 32 on CPU 1');
  await expect(page.getByTestId("irq-row-24")).toContainText("32 @ CPU 1");
  await expect(cell(page, 1, "act")).toHaveText("1");

  await page.getByTestId("affinity-input").fill("2");
  await page.getByTestId("affinity-set").click();
  await expect(result(page)).toContainText("move to 2 pending until it fires");
  await page.getByRole("tab", { name: "irqs/24" }).click();
  await text(page, "debugfs-irq").toContain("pending:  2\n");

  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-state")).toContainText(
    "old vector 32 on CPU 1 kept until it fires on the new one",
  );
  await text(page, "debugfs-irq").toContain(
    " Vector:    32\n Target:     2\n Previous vector:    32\n Previous target:     1\n move_in_progress: 1\n",
  );
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-state")).toContainText("queued for cleanup");
  await expect(page.getByTestId("cpu-cleanup-1")).toContainText("1 to clean up @ jiffy 1");
  await page.getByTestId("tick").click();
  await expect(page.getByTestId("irq-state")).toHaveText("vector 32 on CPU 2");
  await expect(cell(page, 1, "act")).toHaveText("0");

  await page.getByRole("tab", { name: "/proc/interrupts" }).click();
  await text(page, "proc-interrupts").toContain(
    " 24:          0          1          1          0     APIC  24-edge      eth0q0\n",
  );
  await page.getByRole("tab", { name: "Event log" }).click();
  await expect(page.getByTestId("event-log")).toContainText("vector_free_moved: irq=24 cpu=1 vector=32 is_managed=0");

  await page.getByTestId("irq-request").click(); // free_irq
  await expect(result(page)).toContainText("reserved (global promise)");
  await page.getByTestId("irq-dealloc").click();
  await expect(result(page)).toContainText('"eth0" gave back irqs 24-24');
  await expect(page.getByTestId("vector-global-available")).toHaveText("789");
});

test("managed queues: one CPU each; offline shuts one down, online restarts it; user writes are refused", async ({
  page,
}) => {
  await allocate(page, { kind: "managed", count: 4, name: "nvme0" });
  await page.getByTestId("irq-table").getByRole("button", { name: "request_irq 24" }).click();
  for (const irq of [25, 26, 27]) await page.getByRole("button", { name: `request_irq ${irq}` }).click();
  await expect(page.getByTestId("irq-row-27")).toContainText("32 @ CPU 3");
  await page.getByRole("button", { name: "Take offline CPU 3" }).click();
  await expect(result(page)).toContainText(
    "CPU 3 offline; 0 irq(s) have their vector there, 1 managed irq(s) are shut down",
  );
  await expect(page.getByTestId("irq-row-27")).toContainText("managed-shutdown");
  await page.getByRole("button", { name: "Bring online CPU 3" }).click();
  await expect(page.getByTestId("irq-row-27")).toContainText("32 @ CPU 3");

  await page.getByTestId("irq-row-25").click();
  await expect(page.getByTestId("affinity-input")).toBeDisabled();
});

test("bad input shows the kernel's errno and reason and changes nothing", async ({ page }) => {
  await allocate(page, { name: "a" });
  await page.getByTestId("irq-request").click();
  await expect(page.getByTestId("irq-row-24")).toContainText("32 @ CPU 1");
  const before = await page.getByTestId("irq-table").textContent();
  for (const [input, errno, reason] of [
    ["99", "-ERANGE", "CPU 99 is beyond the last one (3)"],
    ["1-x", "-EINVAL", "is not a CPU list"],
    ["", "-EINVAL", "is not a CPU list: the list is empty"],
  ] as const) {
    await page.getByTestId("affinity-input").fill(input);
    await page.getByTestId("affinity-set").click();
    await expect(page.getByTestId("result-errno")).toHaveText(errno);
    await expect(result(page)).toContainText(reason);
  }
  expect(await page.getByTestId("irq-table").textContent()).toBe(before);
  await page.getByRole("button", { name: "Take offline CPU 3" }).click();
  await page.getByTestId("affinity-input").fill("3");
  await page.getByTestId("affinity-set").click();
  await expect(page.getByTestId("result-errno")).toHaveText("-EINVAL");
  await expect(result(page)).toContainText("no CPU of 3 is online");

  await allocate(page, { kind: "fixed" });
  await expect(page.getByTestId("result-errno")).toHaveText("-EINVAL");
  await expect(result(page)).toContainText("a fixed target needs a CPU list");

  await allocate(page, { kind: "fixed", cpus: "0-1", count: 380 });
  await allocate(page, { kind: "fixed", cpus: "2", count: 150 });
  await expect(cell(page, 2, "act")).toHaveText("150");
  await page.getByRole("button", { name: "Take offline CPU 2" }).click();
  await expect(page.getByTestId("result-errno")).toHaveText("-ENOSPC");
  await expect(result(page)).toContainText("CPU 2 has 150 vectors, 6 available. Cannot disable CPU");
  await expect(page.getByTestId("vector-online-maps")).toHaveText("3");
  await page.getByRole("button", { name: "Take offline CPU 0" }).click();
  await expect(page.getByTestId("result-errno")).toHaveText("-EPERM");
  await expect(page.getByTestId("irq-row-24")).toContainText("32 @ CPU 1");
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
  await allocate(page, { kind: "managed", count: 4, name: "nvme0" });
  await page.getByRole("button", { name: "request_irq 24" }).click();
  await page.getByRole("button", { name: "request_irq 25" }).click();
  await allocate(page, { name: "eth0", count: 2 });
  await page.getByRole("button", { name: "request_irq 28" }).click();
  await page.getByTestId("irq-row-28").click();
  await page.getByTestId("affinity-input").fill("3");
  await page.getByTestId("affinity-set").click();
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-state")).toContainText("kept until it fires on the new one");
  await page.screenshot({ path: "test-results/screenshots/workspace.png" });
});
