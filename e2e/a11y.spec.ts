/**
 * Accessibility: axe on every main view in both themes (no serious or critical violations), the theme
 * toggle itself, and the canvas by keyboard.
 */
import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe";

type Theme = "light" | "dark";

/** Opens the app with the OS preferring the other scheme, then forces `theme` with the toggle. */
async function openIn(page: Page, theme: Theme) {
  await page.emulateMedia({ colorScheme: theme === "dark" ? "light" : "dark" });
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByRole("radio", { name: theme === "dark" ? "Dark" : "Light" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
}

const views: readonly [string, (page: Page) => Promise<void>][] = [
  ["the default workspace", async () => {}],
  [
    "an irq selected",
    async (page) => {
      await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
      await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
      await expect(page.getByTestId("node-target")).toBeVisible();
    },
  ],
  [
    "a device selected",
    async (page) => {
      await page.getByTestId("node-nic0").click();
      await expect(page.getByTestId("device-inspector")).toBeVisible();
    },
  ],
  [
    "a domain selected",
    async (page) => {
      await page.getByTestId("node-INTEL-IR-0-13").click();
      await expect(page.getByTestId("debugfs-domain")).toContainText("name:   INTEL-IR-0-13");
    },
  ],
  [
    "presentation mode stepping a captioned example, a state word's definition open",
    async (page) => {
      await page.getByTestId("present-toggle").click();
      await page.getByTestId("machine-preset").selectOption({ label: "Example: laptop without IR" });
      await expect(page.getByTestId("result")).toContainText("load Example: laptop without IR");
      await page.getByTestId("caption-start").click();
      await expect(page.getByTestId("step-count")).toHaveText("Start");
      await page.getByTestId("caption-next").click();
      await expect(page.getByTestId("step-count")).toHaveText(/^Step 1 of/);
      await page.getByTestId("caption-next").click();
      await expect(page.getByTestId("step-note")).toContainText("parked on 0xef");
      await page.getByRole("button", { name: "inspect irq 1", exact: true }).focus();
      await page.keyboard.press("Tab");
      await expect(page.getByTestId("term-tip")).toBeVisible();
    },
  ],
  [
    "subtrees collapsed and a diagram exported",
    async (page) => {
      await page.getByTestId("collapse-devices").click();
      await expect(page.getByTestId("fold-IO-APIC-0")).toBeVisible();
      await page.getByTestId("export-svg").click();
      await expect(page.getByRole("toolbar", { name: "diagram" }).getByRole("status")).toContainText("saved");
    },
  ],
  [
    "the command palette open with suggestions and a message",
    async (page) => {
      await page.getByTestId("open-palette").click();
      await page.getByTestId("palette-input").fill("affinity 29 9");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("palette-outcome")).toHaveText("CPU 9 is beyond the last one (7)");
      await page.getByTestId("palette-input").fill("affinity 2");
      await page.keyboard.press("ArrowDown");
      const options = page.getByRole("listbox", { name: "suggestions" }).getByRole("option");
      await expect(options.first()).toHaveAttribute("aria-selected", "true");
    },
  ],
  [
    "the device-add form with a field error",
    async (page) => {
      await page.getByTestId("open-add-device").click();
      await page.getByTestId("add-bdf").fill("02:00.0");
      await page.getByTestId("add-submit").click();
      await expect(page.getByTestId("add-bdf-error")).toContainText("already used");
    },
  ],
  [
    "the machine knobs with a field error",
    async (page) => {
      await page.getByTestId("open-knobs").click();
      await page.getByTestId("knob-cpus").fill("0");
      await page.getByTestId("knobs-apply").click();
      await expect(page.getByTestId("knob-cpus-error")).toContainText("expected an integer");
    },
  ],
  [
    "the help dialog",
    async (page) => {
      await page.getByTestId("open-help").click();
      await expect(page.getByTestId("help-commands")).toBeVisible();
    },
  ],
  [
    "a CPU selected",
    async (page) => {
      await page.getByRole("tab", { name: "CPUs" }).click();
      await page.getByRole("button", { name: "inspect CPU 2", exact: true }).click();
      await expect(page.getByTestId("cpu-vector-0x21")).toContainText("nic0 msix 0");
    },
  ],
  [
    "the event log filtered, with an explained error",
    async (page) => {
      await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
      await page.getByTestId("affinity-input").fill("9");
      await page.getByTestId("affinity-set").click();
      await expect(page.getByTestId("result-errno")).toBeVisible();
      await page.getByRole("tab", { name: "Event log" }).click();
      await page.getByTestId("log-device").selectOption("nic0");
      await page.getByTestId("log-kind-matrix").uncheck();
      await page.getByTestId("log-irq").fill("x");
      await expect(page.getByTestId("event-log")).toContainText("Why:");
    },
  ],
  [
    "the debugfs tab with a file open",
    async (page) => {
      await page.getByRole("tab", { name: "debugfs" }).click();
      await page.getByTestId("debugfs-search").fill("29");
      // The file list is the worker's answer: Enter once it lists the match (on a loaded machine it came late).
      await expect(page.getByTestId("debugfs-files").getByRole("option").first()).toHaveText("irq/irqs/29");
      await page.getByTestId("debugfs-search").press("Enter");
      await expect(page.getByTestId("debugfs-text")).toContainText("effectiv: 2");
    },
  ],
  [
    "an imported machine with an irq selected (banner, notes open)",
    async (page) => {
      await page.getByTestId("import").setInputFiles({
        name: "proc.txt",
        mimeType: "text/plain",
        buffer: Buffer.from(
          "            CPU0       CPU1\n   0:         44          0  IR-IO-APIC    2-edge      timer\n" +
            " 127:          0       2035  IR-PCI-MSIX-0000:00:0d.2    0-edge      thunderbolt\nnot a row\n",
        ),
      });
      await expect(page.getByTestId("import-banner")).toBeVisible();
      await page.getByTestId("import-banner").locator("summary").click();
      await page.getByRole("button", { name: "inspect irq 127", exact: true }).click();
      await expect(page.getByTestId("irq-provenance")).toBeVisible();
    },
  ],
  [
    "the paste box",
    async (page) => {
      await page.getByTestId("open-paste").click();
      await page.getByTestId("paste-box").fill("nothing");
      await page.getByTestId("paste-import").click();
      await expect(page.getByTestId("paste-error")).toBeVisible();
    },
  ],
];

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    for (const [view, open] of views) {
      test(`axe: no serious violations with ${view}`, async ({ page }) => {
        await openIn(page, theme);
        await open(page);
        expect(await seriousViolations(page, view)).toEqual([]);
      });
    }
    test("axe: no serious violations in any bottom tab", async ({ page }) => {
      await openIn(page, theme);
      // An irq selected first, so the event log's filters and the steps list have something to show.
      await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
      await page.getByTestId("irq-raise").click();
      await expect(page.getByTestId("result")).toContainText("handled");
      const tabs = page.getByRole("tab");
      const found: string[] = [];
      for (let i = 0; i < (await tabs.count()); i++) {
        const tab = tabs.nth(i);
        const name = (await tab.textContent()) ?? `tab ${i}`;
        await tab.click();
        await expect(tab).toHaveAttribute("aria-selected", "true");
        // Checked once the panel shows the worker's answer (a query in flight is aria-busy).
        await expect(page.locator(".bottom [aria-busy='true']")).toHaveCount(0);
        // Only the bottom panel changes between tabs; the rest of this page is checked above.
        for (const v of await seriousViolations(page, `tab ${name}`, ".bottom")) found.push(`${name}: ${v}`);
      }
      expect(found).toEqual([]);
    });
  });
}

test("the theme toggle is a radio group; the choice beats the OS and survives a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  const group = page.getByRole("group", { name: "Colour theme" });
  await expect(group.getByRole("radio")).toHaveCount(3);
  await expect(group.getByRole("radio", { name: "System" })).toBeChecked();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe("rgb(247, 248, 250)");
  // "System" follows the OS without a reload.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(bg).toBe("rgb(15, 20, 25)");
  await expect(page.locator(".react-flow")).toHaveClass(/\bdark\b/);
  // Forced light on a dark OS, kept across a reload.
  await group.getByRole("radio", { name: "Light" }).check();
  await expect.poll(bg).toBe("rgb(247, 248, 250)");
  await expect(page.locator(".react-flow")).toHaveClass(/\blight\b/);
  expect(await page.evaluate(() => localStorage.getItem("irqscope.theme"))).toBe("light");
  await page.reload();
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await expect(group.getByRole("radio", { name: "Light" })).toBeChecked();
  expect(await bg()).toBe("rgb(247, 248, 250)");
  // Arrow keys move between the choices, as in any radio group.
  await group.getByRole("radio", { name: "Light" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(group.getByRole("radio", { name: "Dark" })).toBeChecked();
  await expect.poll(bg).toBe("rgb(15, 20, 25)");
});

test("a keyboard user can Tab to a canvas node and select it with Enter", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await page.getByTestId("machine-preset").focus();
  /** The label of the canvas node that has the focus, if one has. */
  const focusedNode = () =>
    page.evaluate(
      () =>
        document.activeElement
          ?.closest(".react-flow__node")
          ?.querySelector("[data-testid^='node-']")
          ?.getAttribute("data-testid")
          ?.slice("node-".length) ?? null,
    );
  let first: string | null = null;
  for (let i = 0; i < 40 && first === null; i++) {
    await page.keyboard.press("Tab");
    first = await focusedNode();
  }
  expect(first, "no canvas node is reachable with Tab").toBe("VECTOR");
  // The focus is visible (React Flow itself draws no outline on custom nodes).
  await expect(page.getByTestId("node-VECTOR")).toHaveCSS("outline-style", "solid");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("domain-inspector")).toContainText("/sys/kernel/debug/irq/domains/VECTOR");
  // Next comes the node's collapse toggle, then the next node; select that one too.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^collapse VECTOR / })).toBeFocused();
  await page.keyboard.press("Tab");
  const next = await focusedNode();
  expect(next).not.toBeNull();
  expect(next).not.toBe("VECTOR");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("complementary", { name: "inspector" }).getByRole("heading", { level: 2 })).toContainText(
    next ?? "",
  );
});
