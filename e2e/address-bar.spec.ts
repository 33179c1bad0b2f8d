/**
 * The share link in the address bar (#19): the hash follows the session after every change, opens the
 * same state elsewhere, never replaces another route; a bad link is reported once, not at every reload.
 */
import { expect, type Page, test } from "@playwright/test";

const hash = (page: Page) => page.evaluate(() => location.hash);
const counter = (page: Page) => page.getByTestId("step-counter");

async function moveNic(page: Page, cpus: string) {
  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await page.getByTestId("affinity-input").fill(cpus);
  await page.getByTestId("affinity-set").click();
  await expect(page.getByTestId("irq-target")).toContainText(`CPU ${cpus},`);
}

test("the address bar carries the session as it goes", async ({ page, browser }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect.poll(() => hash(page)).toMatch(/^#\/s\/1\./);
  const before = await hash(page);
  const entries = await page.evaluate(() => history.length);
  await moveNic(page, "6");
  await expect.poll(() => hash(page)).not.toBe(before);
  const link = await hash(page);
  expect(link).toMatch(/^#\/s\/1\./);
  // No history entry per step: the browser's Back still leaves the app.
  expect(await page.evaluate(() => history.length)).toBe(entries);
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(`./${link}`);
  await expect(counter(fresh)).toHaveText("step 12/12");
  await fresh.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await expect(fresh.getByTestId("irq-target")).toContainText("CPU 6,");
  // Undo changes it back.
  await page.getByTestId("undo").click();
  await expect.poll(() => hash(page)).toBe(before);
});

test("a bad link is reported once and leaves the address bar; a reload does not repeat it", async ({ page }) => {
  await page.goto("./#/s/1.NoTaReAlLiNk");
  await expect(page.getByTestId("result")).toContainText("the share link is damaged or truncated");
  await expect(counter(page)).toHaveText("step 11/11");
  await expect.poll(() => hash(page)).toMatch(/^#\/s\/1\./);
  expect(await hash(page)).not.toBe("#/s/1.NoTaReAlLiNk");
  await page.reload();
  await expect(page.getByTestId("result")).toContainText("autosaved session");
  await expect(page.getByTestId("result")).not.toContainText("share link");
  await expect(counter(page)).toHaveText("step 11/11");
});

test("another route in the hash is never replaced", async ({ page }) => {
  await page.goto("./#notes");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await moveNic(page, "5");
  await expect(counter(page)).toHaveText("step 12/12");
  expect(await hash(page)).toBe("#notes");
});
