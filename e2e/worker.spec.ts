import { expect, test } from "@playwright/test";

test("the model runs in a module worker, not in the main bundle", async ({ page, request }) => {
  const workerStarted = page.waitForEvent("worker");
  await page.goto("./");
  const worker = await workerStarted;
  expect(worker.url()).toMatch(/sim\.worker-[\w-]+\.js$/);
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();

  // The main bundle must not carry the kernel model; the worker's must.
  const html = await (await request.get("./")).text();
  const mainSrc = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(mainSrc).toBeTruthy();
  const mainJs = await (await request.get(`./${mainSrc}`)).text();
  const workerJs = await (await request.get(worker.url())).text();
  for (const modelText of ["Cannot disable CPU", "irq_matrix_alloc_managed", "matrix_bits"]) {
    expect(mainJs).not.toContain(modelText);
    expect(workerJs).toContain(modelText);
  }
  // The worker answers: an allocation changes what the device node shows.
  await page.getByTestId("node-nic0").click();
  await page.getByTestId("alloc-at").click();
  await expect(page.getByTestId("node-nic0")).toContainText("msix 3/64");
});

test("a failure inside the worker is shown as a message, and a restart replays the session", async ({ page }) => {
  await page.goto("./?debug");
  await page.getByTestId("node-nic0").click();
  await page.getByTestId("alloc-at").click();
  await expect(page.getByTestId("node-nic0")).toContainText("msix 3/64");

  await page.evaluate(() =>
    (window as unknown as { irqscopeDebug: { crashWorker(): Promise<void> } }).irqscopeDebug.crashWorker(),
  );
  const banner = page.getByTestId("worker-failure");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("simulated failure inside the simulator worker");
  // Not a blank page: the last state is still on screen, but no action can be taken on it.
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(page.getByRole("complementary", { name: "inspector" })).toHaveAttribute("inert", "");

  await banner.getByRole("button", { name: "Restart and replay" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId("node-nic0")).toContainText("msix 3/64");
  // The session goes on where it was.
  await page.getByTestId("node-nic0").click();
  await page.getByTestId("alloc-at").click();
  await expect(page.getByTestId("node-nic0")).toContainText("msix 4/64");
});
