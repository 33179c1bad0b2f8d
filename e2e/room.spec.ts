/**
 * A canvas for a room (#19): presentation mode keeps node titles at least 16 px on screen at
 * 1920×1080, folds the devices, draws nothing over the nodes and follows the selection; a scenario's
 * step captions are shown on the canvas and in the Steps tab as it is stepped through, each step
 * selecting what it touched; a state word explains itself to the keyboard.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";

const TWO_STEP = "Hazard: the msi_set_affinity() two-step";

/** A node title's size on screen: its computed font size times the canvas zoom. */
function titleOnScreen(page: Page, label: string): Promise<number> {
  return page.evaluate((label) => {
    const name = document.querySelector(`[data-testid="node-${label}"] .node-name`);
    const viewport = document.querySelector(".react-flow__viewport");
    if (!name || !viewport) return 0;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    return Number.parseFloat(getComputedStyle(name).fontSize) * zoom;
  }, label);
}

/** Whether a node lies wholly inside the canvas pane. */
function inPane(page: Page, label: string): Promise<boolean> {
  return page.evaluate((label) => {
    const node = document.querySelector(`[data-testid="node-${label}"]`)?.getBoundingClientRect();
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    if (!node || !pane) return false;
    return node.left >= pane.left && node.right <= pane.right && node.top >= pane.top && node.bottom <= pane.bottom;
  }, label);
}

test.describe("at 1920×1080", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("presentation mode: titles ≥ 16 px on screen, devices folded, nothing over the nodes", async ({ page }) => {
    await page.goto("./");
    await expect(page.getByTestId("node-VECTOR")).toBeVisible();
    // Today's default view is the whole tree, far too small for a room.
    await expect.poll(() => titleOnScreen(page, "VECTOR")).toBeLessThan(16);
    await page.getByTestId("step-counter").click();
    await page.keyboard.press("p");
    await expect(page.locator("html")).toHaveAttribute("data-present", "on");
    await expect(page.getByTestId("present-toggle")).toHaveAttribute("aria-pressed", "true");
    await expect.poll(() => titleOnScreen(page, "VECTOR")).toBeGreaterThanOrEqual(16);
    // Devices folded into their domains; VECTOR, where every path ends, in view.
    await expect(page.getByTestId("fold-IR-PCI-MSIX-0000:3d:00.0-12")).toBeVisible();
    await expect(page.getByTestId("node-nic0")).toHaveCount(0);
    await expect.poll(() => inPane(page, "VECTOR")).toBe(true);
    // The zoom buttons are in the toolbar; no panel is drawn over the canvas.
    await expect(page.locator(".react-flow__controls, .react-flow__minimap")).toHaveCount(0);
    await page.getByRole("button", { name: "zoom out" }).click();
    await page.getByRole("button", { name: "zoom out" }).click();
    await expect.poll(() => titleOnScreen(page, "VECTOR")).toBeGreaterThanOrEqual(16);
    // The mode is kept across a reload; P again leaves it.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-present", "on");
    await expect.poll(() => titleOnScreen(page, "VECTOR")).toBeGreaterThanOrEqual(16);
    await page.getByTestId("present-toggle").click();
    await expect(page.locator("html")).toHaveAttribute("data-present", "off");
  });

  test("presentation mode follows a keyboard selection and shows only its path", async ({ page }) => {
    await page.goto("./");
    await expect(page.getByTestId("node-VECTOR")).toBeVisible();
    await page.getByTestId("present-toggle").click();
    await expect(page.getByTestId("fold-IR-PCI-MSIX-0000:3d:00.0-12")).toBeVisible();
    // From the irq table's search box, by keyboard only: the path opens its fold and comes into view.
    const search = page
      .getByRole("searchbox")
      .or(page.getByPlaceholder(/number, device/))
      .first();
    await search.fill("nic0 msix 0");
    await search.press("Enter");
    await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
    await expect(page.getByTestId("node-nic0")).toBeVisible();
    await expect.poll(() => inPane(page, "nic0")).toBe(true);
    await expect.poll(() => inPane(page, "target")).toBe(true);
    await expect.poll(() => titleOnScreen(page, "nic0")).toBeGreaterThanOrEqual(16);
    // Only the selected path: the rest of the machine leaves the canvas.
    await page.getByTestId("path-only").click();
    await expect(page.getByTestId("path-only")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("node-IO-APIC-0")).toHaveCount(0);
    await expect(page.getByTestId("node-INTEL-IR-0-13")).toBeVisible();
    await expect.poll(() => inPane(page, "nic0")).toBe(true);
    await page.getByTestId("path-only").click();
    await expect(page.getByTestId("node-IO-APIC-0")).toBeVisible();
  });
});

test("step captions on the canvas and in the Steps tab; stepping selects what the step touched", async ({ page }) => {
  const file = JSON.parse(
    await readFile(join(process.cwd(), "public/scenarios/msi-two-step-nonmaskable.json"), "utf8"),
  );
  const notes: (string | undefined)[] = file.steps.map((s: { note?: string }) => s.note);
  const total = notes.length;
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByTestId("machine-preset").selectOption({ label: TWO_STEP });
  await expect(page.getByTestId("step-count")).toHaveText(`Step ${total} of ${total}`);
  await page.getByTestId("caption-start").click();
  await expect(page.getByTestId("step-count")).toHaveText("Start");
  // Before step 1 the caption says what comes next.
  await expect(page.getByTestId("step-caption")).toContainText(notes[0] ?? "");
  await page.getByTestId("caption-next").click();
  await expect(page.getByTestId("step-count")).toHaveText(`Step 1 of ${total}`);
  await expect(page.getByTestId("step-note")).toHaveText(notes[0] ?? "");
  // Step 4 (request_irq) by keyboard (N, and Alt+] which redoes the next step too): its irq is
  // selected, its path lit up to the CPU it lands on.
  await page.getByTestId("step-counter").click();
  for (const [n, key] of [
    [2, "n"],
    [3, "Alt+BracketRight"],
    [4, "n"],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId("step-count")).toHaveText(`Step ${n} of ${total}`);
  }
  await expect(page.getByTestId("step-note")).toHaveText(notes[3] ?? "");
  await expect(page.getByTestId("irq-inspector")).toBeVisible();
  await expect(page.getByTestId("node-target")).toBeVisible();
  await page.getByRole("tab", { name: /^Steps/ }).click();
  for (const note of notes.filter(Boolean)) await expect(page.getByTestId("timeline")).toContainText(note ?? "");
  // Back walks the script on this machine, down to its start (undo would return to the machine before).
  await page.getByTestId("caption-back").click();
  await expect(page.getByTestId("step-count")).toHaveText(`Step 3 of ${total}`);
  await page.getByTestId("step-counter").click();
  await page.keyboard.press("b");
  await expect(page.getByTestId("step-count")).toHaveText(`Step 2 of ${total}`);
  await expect(page.getByTestId("machine-summary")).toContainText("IR off");
});

test("a state word explains itself to the keyboard and to screen readers", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  // irq 1 is reserved and parked on 0xef: the row's link, then its state word, then "parked".
  await page.getByRole("button", { name: "inspect irq 1", exact: true }).focus();
  await page.keyboard.press("Tab");
  const reserved = page.locator(":focus");
  await expect(reserved).toHaveText("reserved");
  await expect(reserved).toHaveAttribute("title", /0xef until request_irq\(\)/);
  const described = await reserved.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${described}"]`)).toHaveText(/Reservation mode/);
  // The bubble keyboard users see, over the table (not clipped by its cell).
  await expect(page.getByTestId("term-tip")).toBeVisible();
  await expect(page.getByTestId("term-tip")).toContainText("Reservation mode");
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveText("parked");
  await expect(page.getByTestId("term-tip")).toContainText("MANAGED_IRQ_SHUTDOWN_VECTOR");
  await expect(page.locator(":focus")).toHaveAttribute("title", /MANAGED_IRQ_SHUTDOWN_VECTOR/);
});
