/**
 * Shoots the lesson screenshots under docs/screenshots/ from the production build: lesson 3, step 5
 * done (the move wrote only the IRTE), at 1920×1080 in both themes (a classroom's projector) and at
 * 1440×900. Run: `npm run -s screenshots:lessons` (builds, serves dist/ with vite preview).
 */
import { chromium, expect } from "@playwright/test";
import { startPreview } from "./preview-server.mjs";

const PORT = Number(process.env.PORT ?? 4424);
const OUT = "docs/screenshots";
const SHOTS = [
  { name: "lesson-1920-light", width: 1920, height: 1080, theme: "light" },
  { name: "lesson-1920-dark", width: 1920, height: 1080, theme: "dark" },
  { name: "lesson-1440-light", width: 1440, height: 900, theme: "light" },
];

const server = await startPreview(PORT);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  for (const shot of SHOTS) {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: shot.theme,
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`${shot.name}: ${e.message}`));
    await page.goto(`${server.url}#/lesson/why-remapping/5`);
    const panel = page.getByTestId("lesson-panel");
    await expect(panel).toHaveAttribute("data-step", "5");
    await expect(panel).toHaveAttribute("aria-busy", "false");
    await expect(page.getByTestId("irq-inspector")).toContainText("nic0");
    await page.getByTestId("affinity-input").fill("3");
    await page.getByTestId("affinity-set").click();
    await expect(panel).toHaveAttribute("data-status", "done");
    await page.waitForTimeout(700); // the canvas's fit animation and the marks of what changed settle
    await page.screenshot({ path: `${OUT}/${shot.name}.png` });
    console.log(`${OUT}/${shot.name}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
