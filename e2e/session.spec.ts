import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";

const result = (page: Page) => page.getByTestId("result");
const counter = (page: Page) => page.getByTestId("step-counter");

async function inspectIrq(page: Page, irq: number) {
  await page.getByRole("button", { name: `inspect irq ${irq}`, exact: true }).click();
  await expect(page.getByTestId("irq-inspector")).toContainText(`irq ${irq}`);
}

async function moveNic(page: Page, cpus: string) {
  await inspectIrq(page, 29);
  await page.getByTestId("affinity-input").fill(cpus);
  await page.getByTestId("affinity-set").click();
  await expect(page.getByTestId("irq-target")).toContainText(`CPU ${cpus},`);
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("undo and redo replay the session; Ctrl+Z works too; the timeline jumps to any step", async ({ page }) => {
  await expect(counter(page)).toHaveText("step 11/11");
  await moveNic(page, "5");
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-count")).toHaveText("1");
  await expect(counter(page)).toHaveText("step 13/13");
  await page.getByTestId("undo").click();
  await expect(counter(page)).toHaveText("step 12/13");
  await expect(page.getByTestId("irq-count")).toHaveText("0");
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("irq-target")).toContainText("CPU 2,");
  await page.getByTestId("redo").click();
  await expect(page.getByTestId("irq-target")).toContainText("CPU 5,");
  // Keyboard, with the focus outside any input.
  await page.getByTestId("step-counter").click();
  await page.keyboard.press("Control+Shift+Z");
  await expect(counter(page)).toHaveText("step 13/13");
  await expect(page.getByTestId("irq-count")).toHaveText("1");
  await page.keyboard.press("Control+Z");
  await expect(counter(page)).toHaveText("step 12/13");
  // A new step drops the undone ones.
  await page.getByTestId("irq-raise").click();
  await expect(counter(page)).toHaveText("step 13/13");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await page.getByRole("button", { name: "go to step 4", exact: true }).click();
  await expect(counter(page)).toHaveText("step 4/13");
  await expect(page.getByTestId("timeline")).toContainText("(undone)");
});

test("a share link rebuilds exactly that state in a fresh browser", async ({ page, browser }) => {
  await moveNic(page, "6");
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  expect(link).toMatch(/#\/s\/1\./);
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  await expect(counter(fresh)).toHaveText("step 12/12");
  await inspectIrq(fresh, 29);
  await expect(fresh.getByTestId("irq-target")).toContainText("CPU 6,");
  // The address bar keeps the session's link (as this browser writes it); a reload comes back from the
  // autosave it matches.
  await expect.poll(() => fresh.evaluate(() => location.hash)).toMatch(/^#\/s\/1\./);
  await fresh.reload();
  await expect(result(fresh)).toContainText("autosaved session");
  await inspectIrq(fresh, 29);
  await expect(fresh.getByTestId("irq-target")).toContainText("CPU 6,");
});

test("a damaged, truncated or future link is refused with a message; the state stays", async ({ page, browser }) => {
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto("./#/s/1.NoTaReAlLiNk");
  await expect(result(fresh)).toContainText("the share link is damaged or truncated");
  await expect(counter(fresh)).toHaveText("step 11/11");
  await moveNic(page, "3");
  await page.evaluate(() => {
    location.hash = "#/s/7.abc";
  });
  await expect(result(page)).toContainText("made by a newer irqscope (link version 7");
  await expect(counter(page)).toHaveText("step 12/12");
  await expect(page.getByTestId("irq-target")).toContainText("CPU 3,");
});

test("a reload loses nothing (autosave); export and import round-trip; a bad file changes nothing", async ({
  page,
}) => {
  await moveNic(page, "4");
  await page.reload();
  await expect(counter(page)).toHaveText("step 12/12");
  await inspectIrq(page, 29);
  await expect(page.getByTestId("irq-target")).toContainText("CPU 4,");
  const download = page.waitForEvent("download");
  await page.getByTestId("export").click();
  const path = await (await download).path();
  const text = await readFile(path, "utf8");
  expect(JSON.parse(text)).toMatchObject({ format: "irqscope-scenario", version: 1 });
  await page.getByTestId("machine-preset").selectOption({ label: "Laptop without IR" });
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await page
    .getByTestId("import")
    .setInputFiles({ name: "mine.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
  await expect(counter(page)).toHaveText("step 12/12");
  await page.getByTestId("import").setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format": "irqscope-scenario", "version": 1, "machine": {"cpus": "8"}}'),
  });
  await expect(result(page)).toContainText("machine.cpus: expected an integer from 1 to 512");
  await expect(counter(page)).toHaveText("step 12/12");
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
});
