/**
 * Offline and installable: after a first visit the service worker (vite-plugin-pwa, Workbox) serves the
 * whole app, its worker and the example scenarios with the network off, at the root of the preview
 * server and from a sub-path of a plain static host; the page links a web app manifest with icons.
 */
import { expect, type Page, test } from "@playwright/test";
import { staticHost } from "./static-host";

const SUB = "/teach/irqscope/";

/** The first visit: the app boots, and the service worker has precached everything and controls the page. */
async function firstVisit(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
}

/** With the network off: a reload boots the model, and an example scenario loads from the cache. */
async function worksOffline(page: Page) {
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(page.getByTestId("machine-summary")).toContainText("CPUs");
  await page.getByTestId("machine-preset").selectOption({ label: "Example: laptop without IR" });
  await expect(page.getByTestId("result")).toContainText("load Example: laptop without IR");
  await expect(page.getByTestId("result")).not.toContainText("EINVAL");
}

test("after the first visit the app works with the network off", async ({ page }) => {
  await firstVisit(page, "./");
  await worksOffline(page);
});

test.describe("from a sub-path", () => {
  const host = staticHost(SUB);

  test("a sub-path of a static host works offline too, within its own scope", async ({ page }) => {
    await firstVisit(page, host.root());
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(host.root());
    await worksOffline(page);
  });
});

test.describe("a new version", () => {
  /** The version the host serves: above 1, its service worker differs by a byte. */
  let version = 1;
  const host = staticHost(SUB, (rel, body) =>
    rel === "sw.js" && version > 1 ? Buffer.concat([body, Buffer.from(`\n// version ${version}\n`)]) : body,
  );

  test("announces itself instead of being served silently, and reloads into it when asked", async ({ page }) => {
    await firstVisit(page, host.root());
    await expect(page.getByTestId("update-banner")).toHaveCount(0);
    version = 2;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(page.getByTestId("update-banner")).toContainText("A new version of irqscope is available");
    // The old version keeps serving until the user says so.
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null))
      .toBe(true);
    await page.getByTestId("update-reload").click();
    await expect(page.getByTestId("node-VECTOR")).toBeVisible();
    await expect(page.getByTestId("update-banner")).toHaveCount(0);
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null))
      .toBeNull();
  });
});

test("the page links a web app manifest with its name, icons and colours", async ({ page, request }) => {
  await page.goto("./");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const manifest = await (await request.get(new URL(href ?? "", page.url()).href)).json();
  expect(manifest).toMatchObject({ short_name: "irqscope", start_url: "./", scope: "./", display: "standalone" });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = (manifest.icons as { sizes: string; src: string }[]).map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons as { src: string }[]) {
    expect((await request.get(new URL(icon.src, page.url()).href)).ok()).toBe(true);
  }
});
