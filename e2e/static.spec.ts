/**
 * The production build as a plain static host serves it: from a sub-path, with nothing fetched from
 * another origin, under its own Content-Security-Policy (no eval, no inline script).
 */
import { expect, type Page, test } from "@playwright/test";
import { staticHost } from "./static-host";

const SUB = "/some/sub/path/";
const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

const host = staticHost(SUB);

interface Watch {
  readonly requests: string[];
  readonly errors: string[];
  /** CSP violations the document reported (securitypolicyviolation events), from the first byte on. */
  violations(): Promise<string[]>;
}

/** Records every request, console error and CSP violation of the page and its workers. */
async function watch(page: Page): Promise<Watch> {
  const requests: string[] = [];
  const errors: string[] = [];
  page.context().on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("worker", (w) =>
    w.on("console", (m) => {
      if (m.type() === "error") errors.push(`worker: ${m.text()}`);
    }),
  );
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return {
    requests,
    errors,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/** A session of clicks touching every part of the app: canvas, inspector, irq table, tabs, examples. */
async function useTheApp(page: Page) {
  await page.goto(host.root());
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByTestId("node-nic0").click();
  await expect(page.getByTestId("device-inspector")).toContainText("0000:3d:00.0");
  await page.getByTestId("node-INTEL-IR-0-13").click();
  await expect(page.getByTestId("debugfs-domain")).toContainText("name:   INTEL-IR-0-13");
  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("result")).toContainText("handled");
  for (const tab of await page.getByRole("tab").all()) await tab.click();
  // The views split out of the first script load from the sub-path too.
  await page.getByTestId("open-palette").click();
  await expect(page.getByTestId("palette-input")).toBeFocused();
  await page.keyboard.press("Escape");
  await page.getByTestId("open-knobs").click();
  await expect(page.getByTestId("knob-cpus")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByTestId("theme-dark").check();
  // The diagram exports: an SVG image drawn on a canvas for the PNG, both saved as downloads.
  await page.getByTestId("collapse-devices").click();
  for (const format of ["svg", "png"]) {
    await Promise.all([page.waitForEvent("download"), page.getByTestId(`export-${format}`).click()]);
  }
  await page.getByTestId("machine-preset").selectOption({ label: "Example: IRTE table full" });
  // Fills all 65,536 IRTEs in the worker: seconds of work, more on a busy machine.
  await expect(page.getByTestId("result")).toContainText("load Example: IRTE table full", { timeout: 30_000 });
}

test("the built site boots from a sub-path: the worker starts and the example scenarios load", async ({ page }) => {
  const w = await watch(page);
  await page.goto(host.root().slice(0, -1)); // without the trailing slash: the host redirects
  await expect(page).toHaveURL(host.root());
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  // The worker answered: the default machine is booted and described.
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
  expect(w.requests.some((u) => u.startsWith(`${host.root()}assets/sim.worker-`))).toBe(true);
  await page.getByTestId("machine-preset").selectOption({ label: "Example: IRTE table full" });
  // Fills all 65,536 IRTEs in the worker: seconds of work, more on a busy machine.
  await expect(page.getByTestId("result")).toContainText("load Example: IRTE table full", { timeout: 30_000 });
  expect(w.requests).toContain(`${host.root()}scenarios/irte-table-full.json`);
  expect(w.errors).toEqual([]);
});

test("no request leaves the origin", async ({ page }) => {
  test.setTimeout(90_000); // a walk through every view, the 65,536-IRTE example last
  const w = await watch(page);
  await useTheApp(page);
  const origin = new URL(host.root()).origin;
  // data: URLs (inline SVG in the CSS) never leave the page.
  const foreign = w.requests.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
  expect(w.requests.length).toBeGreaterThan(4);
});

test("the CSP meta tag is in force and nothing the app does violates it", async ({ page }) => {
  test.setTimeout(90_000); // a walk through every view, the 65,536-IRTE example last
  const w = await watch(page);
  await useTheApp(page);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute("content", CSP);
  expect(await w.violations()).toEqual([]);
  expect(w.errors).toEqual([]);
  // The detector works: an inline script and a string timer (eval) are refused, and both are reported.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
    // A string timer runs later, outside the test's own evaluate (which DevTools lets through).
    setTimeout("window.__evalRan = true", 0);
  });
  await expect
    .poll(() => w.violations())
    .toEqual([
      expect.stringMatching(/^script-src-elem blocked inline /),
      expect.stringMatching(/^script-src blocked eval /),
    ]);
  expect(await page.evaluate(() => "__inlineRan" in window || "__evalRan" in window)).toBe(false);
  // Chromium also says so on the console, which the other checks listen to.
  expect(w.errors.filter((e) => e.includes("Content Security Policy"))).toHaveLength(2);
});
