/**
 * Lessons through the UI: a newcomer finds them from the first screen, walks lessons 1 and 3 doing each
 * action with the app's own controls, gets the hint (and Undo) for a wrong action, opens a step from a
 * deep link, and finds the progress kept after a reload.
 */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe";

const panel = (page: Page) => page.getByTestId("lesson-panel");

/** Waits until the lesson panel shows step `n` with nothing loading. */
async function atStep(page: Page, n: number, title: string) {
  await expect(panel(page)).toHaveAttribute("data-step", String(n));
  await expect(panel(page)).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("lesson-step-title")).toHaveText(title);
}

async function next(page: Page, n: number, title: string) {
  await page.getByTestId("lesson-next").click();
  await atStep(page, n, title);
}

/** The Irqs-table row of a device entry ("nic0", "msix 0"), found with the table's own search box. */
async function irqRow(page: Page, device: string, entry: string): Promise<Locator> {
  await page.getByRole("tab", { name: "Irqs", exact: true }).click();
  await page.getByTestId("irq-search").fill(`${device} ${entry}`);
  const row = page
    .locator('[data-testid^="irq-row-"]')
    .filter({ has: page.getByRole("cell", { name: device, exact: true }) })
    .filter({ has: page.getByRole("cell", { name: entry, exact: true }) });
  await expect(row).toHaveCount(1);
  return row;
}

const isLit = async (target: Locator) => expect(target).toHaveCSS("outline-style", "solid");

async function expectDone(page: Page) {
  await expect(panel(page)).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("lesson-status")).toContainText("Done");
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("lesson 1 end to end: found from the first screen, each action done with the app's controls", async ({ page }) => {
  // The empty inspector invites a newcomer; the header has the same list.
  await page.getByTestId("lessons-start").click();
  await page.getByTestId("lesson-open-what-is-a-vector").click();
  await atStep(page, 1, "One table per CPU");
  await expect(page).toHaveURL(/#\/lesson\/what-is-a-vector\/1$/);
  await isLit(page.getByTestId("cpu-row-1"));
  await next(page, 2, "Not every vector is for devices");
  await isLit(page.locator('.react-flow__node[data-id="main/domain:VECTOR"]'));
  await next(page, 3, "Allocated, but no vector yet");
  await next(page, 4, "request_irq() takes a real vector");
  await expect(page.getByTestId("lesson-next")).toBeDisabled();
  const rx = await irqRow(page, "nic0", "msix 0");
  await rx.getByRole("button", { name: /^request_irq/ }).click();
  await expectDone(page);
  await next(page, 5, "The vector is in the message");
  const vectorBits = page.getByTestId("msg-bits").locator('tr[data-field="vector"]');
  await isLit(vectorBits);
  await expect(vectorBits).toContainText("0x20");
  await next(page, 6, "Raise it");
  await (await irqRow(page, "nic0", "msix 0")).getByRole("button", { name: /^raise irq/ }).click();
  await expectDone(page);
  await next(page, 7, "Same vector, another CPU");
  await (await irqRow(page, "nic0", "msix 1")).getByRole("button", { name: /^request_irq/ }).click();
  await expectDone(page);
  await page.getByTestId("lesson-finish").click();
  // The list is back (and the lesson's address gone) before the reload: a loaded machine took a while.
  await expect(page.getByTestId("lesson-progress-what-is-a-vector")).toHaveText("✓ done");
  // Progress is kept: after a reload the list says the lesson is done.
  await page.reload();
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  // The address still names the last step: the lesson opens there again (on a loaded machine after the
  // list would have), then the list is asked for.
  await atStep(page, 7, "Same vector, another CPU");
  await page.getByTestId("lessons-button").click();
  await expect(page.getByTestId("lesson-progress-what-is-a-vector")).toHaveText("✓ done");
});

test("lesson 3 end to end: the IRTE, and a move that writes only the IRTE", async ({ page }) => {
  await page.getByTestId("lessons-button").click();
  await page.getByTestId("lesson-open-why-remapping").click();
  await atStep(page, 1, "Format bit 4 is now 1");
  await isLit(page.getByTestId("msg-bits").locator('tr[data-field="dmar_format"]'));
  await next(page, 2, "The address holds a table index");
  await next(page, 3, "The IRTE holds CPU and vector");
  await isLit(page.getByTestId("irte-bits").locator('tr[data-field="dest_id"]'));
  await next(page, 4, "A domain between device and vectors");
  await isLit(page.locator('.react-flow__node[data-id="main/domain:INTEL-IR-0-13"]'));
  await next(page, 5, "Move it to CPU 3");
  // The step selected nic0 msix 0: its inspector's affinity field is the control.
  await expect(page.getByTestId("irq-inspector")).toContainText("nic0");
  await page.getByTestId("affinity-input").fill("3");
  await page.getByTestId("affinity-set").click();
  await expectDone(page);
  await expect(page.getByTestId("result")).toContainText("only IRTE 15");
  await next(page, 6, "It arrives on CPU 3");
  await page.getByTestId("irq-raise").click();
  await expectDone(page);
  await next(page, 7, "Why this matters");
  await page.getByTestId("lesson-finish").click();
  await expect(page.getByTestId("lesson-progress-why-remapping")).toHaveText("✓ done");
});

test("a wrong action gets the hint and an Undo, and the step can still be done", async ({ page }) => {
  await page.goto("./#/lesson/what-is-a-vector/4");
  await atStep(page, 4, "request_irq() takes a real vector");
  await (await irqRow(page, "nic0", "msix 1")).getByRole("button", { name: /^request_irq/ }).click();
  await expect(panel(page)).toHaveAttribute("data-status", "wrong");
  await expect(page.getByTestId("lesson-status")).toContainText("You did “request_irq nic0 msix 1”");
  await expect(page.getByTestId("lesson-status")).toContainText("Request the first interrupt of nic0 (msix 0)");
  await page.getByTestId("lesson-undo").click();
  await expect(panel(page)).toHaveAttribute("data-status", "waiting");
  await (await irqRow(page, "nic0", "msix 0")).getByRole("button", { name: /^request_irq/ }).click();
  await expectDone(page);
});

test("a deep link opens the step with the machine as the steps before it left it", async ({ page }) => {
  await page.goto("./#/lesson/the-message/7");
  await atStep(page, 7, "The next interrupt rewrites the device");
  await expect(page.getByTestId("lesson-step-counter")).toHaveText("Step 7 of 7");
  // Step 6's action was applied: the move to CPU 2 waits for this interrupt.
  const row = await irqRow(page, "nic0", "msix 0");
  await expect(row).toContainText("@ CPU 1");
  await row.getByRole("button", { name: /^raise irq/ }).click();
  await expectDone(page);
  await expect(row).toContainText("@ CPU 2");
  // Back reopens step 6 and says so in the address bar; a share link is another hash and still loads.
  await page.getByTestId("lesson-back").click();
  await atStep(page, 6, "Move it to CPU 2");
  await expect(page).toHaveURL(/#\/lesson\/the-message\/6$/);
});

for (const theme of ["light", "dark"] as const) {
  test(`axe (${theme}): the lesson panel with a wrong action's hint, and the lesson list`, async ({ page }) => {
    await page.getByRole("radio", { name: theme === "dark" ? "Dark" : "Light" }).check();
    await page.goto("./#/lesson/what-is-a-vector/4");
    await atStep(page, 4, "request_irq() takes a real vector");
    await (await irqRow(page, "nic0", "msix 1")).getByRole("button", { name: /^request_irq/ }).click();
    await expect(panel(page)).toHaveAttribute("data-status", "wrong");
    expect(await seriousViolations(page, `lesson panel ${theme}`, '[data-testid="lesson-panel"]')).toEqual([]);
    await page.getByTestId("lessons-button").click();
    await expect(page.getByTestId("lesson-open-the-message")).toBeVisible();
    expect(await seriousViolations(page, `lesson list ${theme}`, '[data-testid="lesson-list"]')).toEqual([]);
  });
}
