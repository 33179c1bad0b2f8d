import { expect, type Page, test } from "@playwright/test";

/** Every control of the top bar, the canvas toolbar and the tab list. */
const controls = (page: Page) =>
  page.locator("header.topbar button, header.topbar select, .canvas-toolbar button, [role='tablist']");

for (const [name, width, height] of [
  ["a phone", 412, 900],
  ["a 1024×768 screen", 1024, 768],
  ["a 1280×800 laptop", 1280, 800],
] as const) {
  test(`on ${name} nothing runs off the page or under its neighbour`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto("./");
    await expect(page.getByTestId("node-VECTOR")).toBeVisible();
    await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
    await expect(page.getByTestId("irq-inspector")).toBeVisible();
    // No sideways scrolling of the page: wide tables scroll inside their panel.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // The result of the last step is never squeezed away.
    const result = await page.getByTestId("result").boundingBox();
    expect(result?.height ?? 0).toBeGreaterThan(10);
    // Top-bar controls inside the window and clear of each other.
    const boxes = [];
    for (const c of await controls(page).all()) {
      const b = await c.boundingBox();
      if (b) boxes.push(b);
    }
    expect(boxes.length).toBeGreaterThan(10);
    for (const b of boxes) expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
    const header = await page.locator("header.topbar").boundingBox();
    const top = boxes.filter((b) => header && b.y < header.y + header.height);
    for (const [i, a] of top.entries()) {
      for (const b of top.slice(i + 1)) {
        const overlap =
          a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
        expect(overlap, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
      }
    }
  });
}
