/**
 * Actions beyond the inspectors: hot-adding a device with the form, the machine's knobs (undoable
 * machine changes), the command palette, the help dialog and the step back/forward keys.
 */
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";

const counter = (page: Page) => page.getByTestId("step-counter");
const result = (page: Page) => page.getByTestId("result");
const palette = (page: Page) => page.getByRole("dialog", { name: "Command palette" });

/** The control that has the focus before a shortcut: not a field, so the global shortcuts apply. */
const shareButton = (page: Page) => page.getByTestId("share");

async function focusOutside(page: Page) {
  await shareButton(page).focus();
}

async function openCpusTab(page: Page) {
  await page.getByRole("tab", { name: "CPUs" }).click();
  await expect(page.getByTestId("cpu-table")).toBeVisible();
}

/** Runs a palette command from the keyboard. */
async function runCommand(page: Page, text: string) {
  // The palette of the command before closes once its command has run: Ctrl+K waits for that.
  await expect(palette(page)).toBeHidden();
  // The palette opens only on a ready machine (not while a replay boots).
  await expect(page.locator("main.workspace")).toHaveAttribute("data-status", "ready");
  await focusOutside(page);
  await page.keyboard.press("Control+K");
  await expect(page.getByTestId("palette-input")).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(counter(page)).toHaveText("step 11/11");
});

test("add a device with the form: the model's message next to the field, the device on the canvas, undo removes it", async ({
  page,
}) => {
  const opener = page.getByTestId("open-add-device");
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "Add a device (hot-plug)" });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("add-kind")).toBeFocused();
  // A free name and a free BDF are suggested.
  await expect(page.getByTestId("add-name")).toHaveValue("nvme1");
  await expect(page.getByTestId("add-bdf")).toHaveValue("0000:01:00.0");
  await expect(page.getByTestId("add-max_ioqpairs")).toHaveValue("64");

  await page.getByTestId("add-bdf").fill("02:00.0");
  await page.getByTestId("add-submit").click();
  await expect(page.getByTestId("add-bdf-error")).toHaveText('0000:02:00.0 is already used by "nvme0"');
  await expect(page.getByTestId("add-bdf")).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("add-bdf").fill("5:0.0");
  await page.getByTestId("add-submit").click();
  await expect(page.getByTestId("add-bdf-error")).toHaveText(
    '"5:0.0" is not a PCI address (DDDD:BB:DD.F or BB:DD.F, in hex)',
  );
  await page.getByTestId("add-bdf").fill("05:00.0");
  await page.getByTestId("add-max_ioqpairs").fill("4096");
  await page.getByTestId("add-submit").click();
  await expect(page.getByTestId("add-max_ioqpairs-error")).toHaveText("expected an integer from 1 to 2047, got 4096");
  await expect(page.getByTestId("add-bdf-error")).toBeEmpty();
  // Nothing was added by the refused attempts.
  await expect(counter(page)).toHaveText("step 11/11");
  await expect(page.getByTestId("node-nvme1")).toHaveCount(0);

  await page.getByTestId("add-max_ioqpairs").fill("4");
  await page.getByTestId("add-submit").click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(counter(page)).toHaveText("step 12/12");
  await expect(page.getByTestId("node-nvme1")).toBeVisible();
  await expect(page.getByTestId("node-nvme1")).toContainText("0000:05:00.0");
  await expect(page.getByTestId("device-inspector")).toContainText("nvme1");
  await expect(page.getByTestId("device-inspector")).toContainText("0000:05:00.0");

  // Its driver probed at the hot-add: the admin queue's vector and one per I/O queue (max_ioqpairs 4).
  await expect(page.getByTestId("device-stores")).toContainText("msix");
  await expect(page.getByTestId("node-nvme1")).toContainText("MSI-X 5/5");
  // The new device is a step like any other: undo removes it.
  await focusOutside(page);
  await page.keyboard.press("Control+Z");
  await expect(counter(page)).toHaveText("step 11/12");
  await expect(page.getByTestId("node-nvme1")).toHaveCount(0);
});

test("a legacy device: its GSI is checked against the lines in use", async ({ page }) => {
  await page.getByTestId("open-add-device").click();
  await page.getByTestId("add-kind").selectOption("serial");
  await expect(page.getByTestId("add-bdf")).toHaveCount(0);
  await expect(page.getByTestId("add-name")).toHaveValue("serial1");
  await page.getByTestId("add-submit").click();
  await expect(page.getByTestId("add-gsi-error")).toHaveText(
    'GSI 4 is already used by "serial0" (only acpi-sci and i8042 lines are shareable)',
  );
  await page.getByTestId("add-gsi").fill("3");
  await page.getByTestId("add-submit").click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("node-serial1")).toBeVisible();
  await expect(page.getByTestId("device-inspector")).toContainText("serial1");
});

test("the CPU count knob rebuilds the machine with the steps replayed; refused steps are listed; undo returns", async ({
  page,
}) => {
  await openCpusTab(page);
  await expect(page.locator('[data-testid^="cpu-row-"]')).toHaveCount(8);
  await page.getByTestId("cpu-toggle-6").click();
  await expect(page.getByTestId("cpu-row-6")).toHaveClass(/offline/);
  await expect(counter(page)).toHaveText("step 12/12");

  await page.getByTestId("open-knobs").click();
  await expect(page.getByRole("dialog", { name: "Machine knobs" })).toBeVisible();
  await expect(page.getByTestId("knob-cpus")).toHaveValue("8");
  await page.getByTestId("knob-cpus").fill("4");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await expect(page.locator('[data-testid^="cpu-row-"]')).toHaveCount(4);
  // The CPU 6 step cannot exist on 4 CPUs: it is reported, not dropped silently.
  await expect(result(page)).toContainText(
    "11 of 12 steps replayed; refused by the new machine: cpu_offline cpu=6 (cpu: CPU 6 is beyond the last one (3))",
  );
  await expect(counter(page)).toHaveText("step 11/11");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await expect(page.getByTestId("epoch-began")).toContainText("cpus 8 → 4");
  await expect(page.getByTestId("refused-steps")).toContainText("cpu_offline cpu=6 → refused: cpu: CPU 6 is beyond");

  // Export carries the machine as it is now.
  const download = page.waitForEvent("download");
  await page.getByTestId("export").click();
  const exported = JSON.parse(await readFile(await (await download).path(), "utf8"));
  expect(exported.machine.cpus).toBe(4);
  expect(exported.steps).toHaveLength(11);

  // Undo: the machine before, with its state (CPU 6 offline).
  await focusOutside(page);
  await page.keyboard.press("Control+Z");
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
  await expect(counter(page)).toHaveText("step 12/12");
  await openCpusTab(page);
  await expect(page.locator('[data-testid^="cpu-row-"]')).toHaveCount(8);
  await expect(page.getByTestId("cpu-row-6")).toHaveClass(/offline/);
  // Redo: the 4-CPU machine again.
  await page.getByTestId("redo").click();
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await expect(page.locator('[data-testid^="cpu-row-"]')).toHaveCount(4);
  // A reload keeps the history: undo still returns to 8 CPUs.
  await page.reload();
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
});

test("a bad knob value is shown next to its field and changes nothing", async ({ page }) => {
  await page.getByTestId("open-knobs").click();
  await page.getByTestId("knob-cpus").fill("0");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByTestId("knob-cpus-error")).toHaveText("expected an integer from 1 to 512, got 0");
  await expect(page.getByTestId("knob-cpus")).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("knob-cpus").fill("many");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByTestId("knob-cpus-error")).toHaveText('expected an integer from 1 to 512, got "many"');
  await expect(result(page)).toContainText("machine.cpus: expected an integer from 1 to 512");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
  await expect(counter(page)).toHaveText("step 11/11");
  await expect(page.getByTestId("undo")).toBeEnabled();
  await page.getByTestId("undo").click();
  // Undo undid the last step of the session: no machine change was recorded.
  await expect(counter(page)).toHaveText("step 10/11");
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs");
});

test("palette: Ctrl+K, completion, `affinity 29 3` moves irq 29 to CPU 3", async ({ page }) => {
  await focusOutside(page);
  await page.keyboard.press("Control+K");
  await expect(palette(page)).toBeVisible();
  const input = page.getByRole("combobox", { name: "command" });
  await expect(input).toBeFocused();
  await page.keyboard.type("aff");
  const options = page.getByRole("listbox", { name: "suggestions" }).getByRole("option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText("affinity IRQ CPULIST");
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect(input).toHaveAttribute("aria-activedescendant", (await options.first().getAttribute("id")) ?? "");
  await page.keyboard.press("Enter");
  await expect(input).toHaveValue("affinity ");
  // The irqs of the view are offered, with where they point now.
  await page.keyboard.type("29");
  await expect(page.getByTestId("palette-hint")).toContainText("affinity IRQ CPULIST");
  await page.keyboard.type(" 3");
  await page.keyboard.press("Enter");
  await expect(palette(page)).toBeHidden();
  await expect(shareButton(page)).toBeFocused();
  await expect(result(page)).toContainText("affinity 29 3 → ok");
  await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
  await expect(page.getByTestId("irq-target")).toContainText("CPU 3,");
  await expect(page.getByTestId("irq-row-29")).toContainText("@ CPU 3");
  await expect(counter(page)).toHaveText("step 12/12");
});

test("palette: offline and online a CPU, from the visible button too", async ({ page }) => {
  await openCpusTab(page);
  await runCommand(page, "offline 2");
  await expect(palette(page)).toBeHidden();
  await expect(page.getByTestId("cpu-row-2")).toHaveClass(/offline/);
  await page.getByTestId("open-palette").click();
  await expect(page.getByTestId("palette-input")).toBeFocused();
  await page.keyboard.type("online ");
  // Only the offline CPU is offered.
  await expect(palette(page).getByRole("option")).toHaveText(["2 offline"]);
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("palette-input")).toHaveValue("online 2 ");
  await page.keyboard.press("Enter");
  await expect(palette(page)).toBeHidden();
  await expect(page.getByTestId("cpu-row-2")).not.toHaveClass(/offline/);
  await expect(page.getByTestId("open-palette")).toBeFocused();
});

test("palette: a bad command or a refused step shows the message and keeps the palette open", async ({ page }) => {
  await page.getByTestId("open-palette").click();
  const input = page.getByTestId("palette-input");
  const outcome = page.getByTestId("palette-outcome");
  await input.fill("affinity 29 9");
  await page.keyboard.press("Enter");
  await expect(outcome).toHaveText("CPU 9 is beyond the last one (7)");
  await input.fill("frobnicate");
  await page.keyboard.press("Enter");
  await expect(outcome).toHaveText('"frobnicate" is not a command (help lists them all)');
  await input.fill("affinty 29 3");
  await page.keyboard.press("Enter");
  await expect(outcome).toHaveText('"affinty" is not a command (did you mean "affinity"?)');
  // The kernel's own refusal: irq 25 is managed, its affinity cannot be written (-EPERM from 6.12).
  await input.fill("affinity 25 0");
  await page.keyboard.press("Enter");
  await expect(outcome).toHaveText("-EPERM (-1): irq 25 is managed: the kernel owns its affinity");
  await expect(palette(page)).toBeVisible();
  await expect(counter(page)).toHaveText("step 12/12");
  await page.keyboard.press("Escape");
  await expect(palette(page)).toBeHidden();
  await expect(page.getByTestId("open-palette")).toBeFocused();
});

test("palette: add and unplug a device, change the machine, load a preset; undo walks back through all", async ({
  page,
}) => {
  await runCommand(page, "add pci-msix nvme1 05:00.0 table_size=16");
  await expect(palette(page)).toBeHidden();
  await expect(page.getByTestId("node-nvme1")).toBeVisible();
  await runCommand(page, "alloc nvme1 msix 4 managed");
  await expect(page.getByTestId("irq-inspector")).toContainText("nvme1");
  await runCommand(page, "unplug nvme1");
  await expect(page.getByTestId("node-nvme1")).toHaveCount(0);
  await runCommand(page, "machine cpus 2 ir off");
  await expect(page.getByTestId("machine-summary")).toContainText("2 CPUs · kernel 6.12 · IR off");
  await runCommand(page, "preset laptop");
  await expect(page.getByTestId("machine-summary")).toContainText("4 CPUs");
  await expect(page.getByTestId("node-wifi0")).toBeVisible();
  await expect(page.getByTestId("machine-preset")).toHaveValue("laptop");
  await runCommand(page, "undo");
  await expect(page.getByTestId("machine-summary")).toContainText("2 CPUs · kernel 6.12 · IR off");
  await expect(page.getByTestId("machine-preset")).toHaveValue("server-vtd");
  await runCommand(page, "step back");
  await expect(page.getByTestId("machine-summary")).toContainText("8 CPUs · kernel 6.12 · IR on");
  await expect(counter(page)).toHaveText("step 14/14");
  await runCommand(page, "goto 12");
  await expect(counter(page)).toHaveText("step 12/14");
  await expect(page.getByTestId("node-nvme1")).toBeVisible();
});

test("? opens the help; Tab stays inside it; Escape closes it and the focus comes back", async ({ page }) => {
  await focusOutside(page);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts and commands" });
  await expect(help).toBeVisible();
  await expect(page.getByTestId("help-shortcuts")).toContainText("Ctrl+K");
  await expect(page.getByTestId("help-shortcuts")).toContainText("Alt+[");
  await expect(page.getByTestId("help-commands")).toContainText("affinity IRQ CPULIST");
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    await expect.poll(() => help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(shareButton(page)).toBeFocused();
  // The palette's `help` opens it too, as does the ? button.
  await runCommand(page, "help");
  await expect(help).toBeVisible();
  await help.getByRole("button", { name: "Close" }).first().click();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help).toBeVisible();
});

test("Alt+[ and Alt+] step back and forward along the timeline", async ({ page }) => {
  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await page.getByTestId("irq-raise").click();
  await expect(page.getByTestId("irq-count")).toHaveText("1");
  await expect(counter(page)).toHaveText("step 12/12");
  await focusOutside(page);
  await page.keyboard.press("Alt+BracketLeft");
  await expect(counter(page)).toHaveText("step 11/12");
  await expect(page.getByTestId("irq-count")).toHaveText("0");
  await page.keyboard.press("Alt+BracketLeft");
  await expect(counter(page)).toHaveText("step 10/12");
  await page.keyboard.press("Alt+BracketRight");
  await page.keyboard.press("Alt+BracketRight");
  await expect(counter(page)).toHaveText("step 12/12");
  await expect(page.getByTestId("irq-count")).toHaveText("1");
});

test("kernel build knobs: a distribution kernel by default; KVM off drops its rows, irq debugfs on removes the notice; undo returns", async ({
  page,
}) => {
  await expect(page.getByTestId("machine-summary")).toContainText("KVM");
  await page.getByRole("tab", { name: "/proc/interrupts" }).click();
  await expect(page.getByTestId("proc-interrupts")).toContainText("Posted-interrupt notification event");
  await page.getByRole("tab", { name: "debugfs" }).click();
  await expect(page.getByTestId("debugfs-absent")).toContainText("CONFIG_GENERIC_IRQ_DEBUGFS");

  await page.getByTestId("open-knobs").click();
  await expect(page.getByTestId("knob-KVM")).toBeChecked();
  await expect(page.getByTestId("knob-GENERIC_IRQ_DEBUGFS")).not.toBeChecked();
  await page.getByTestId("knob-KVM").uncheck();
  await page.getByTestId("knob-GENERIC_IRQ_DEBUGFS").check();
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("machine-summary")).toContainText("no KVM, irq debugfs");
  await expect(page.getByTestId("debugfs-absent")).toHaveCount(0);
  await page.getByRole("tab", { name: "/proc/interrupts" }).click();
  await expect(page.getByTestId("proc-interrupts")).toContainText("MIS:");
  await expect(page.getByTestId("proc-interrupts")).not.toContainText("Posted-interrupt notification event");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await expect(page.getByTestId("epoch-began")).toContainText("KVM on → off, GENERIC_IRQ_DEBUGFS off → on");

  await page.getByTestId("undo").click();
  await expect(page.getByTestId("machine-summary")).not.toContainText("no KVM");
});

test("a build option the kernel release does not have is refused next to its box", async ({ page }) => {
  await page.getByTestId("open-knobs").click();
  await page.getByTestId("knob-kernel").selectOption("6.1");
  await page.getByTestId("knob-X86_POSTED_MSI").check();
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByTestId("knob-kconfig.X86_POSTED_MSI-error")).toHaveText(
    "X86_POSTED_MSI exists from Linux 6.10 on, not in 6.1",
  );
  await expect(page.getByTestId("machine-summary")).toContainText("kernel 6.12");
});

test("a step names its device entry, not the irq number: IR off shifts every number, the step still moves nic0's entry; what changed is said, not in green", async ({
  page,
}) => {
  // irq 29 is nic0's MSI-X entry 0 on this machine; the palette names it by number.
  await runCommand(page, "affinity 29 5");
  await expect(result(page)).toContainText("ok: vector");
  await runCommand(page, "alloc_ims dsa0 1");
  await expect(counter(page)).toHaveText("step 13/13");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await expect(page.getByTestId("timeline")).toContainText("set_affinity nic0 msix 0 (irq 29) cpus 5");

  // IR off: no DMAR fault irq, so nic0's entry 0 is another irq number now.
  await page.getByTestId("open-knobs").click();
  await page.getByTestId("knob-ir").selectOption("off");
  await page.getByTestId("knobs-apply").click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("result-changed")).toContainText("the new machine changed");
  await expect(result(page)).not.toHaveClass(/\bok\b/);
  await expect(result(page)).toContainText("alloc_ims dsa0 1");
  await expect(result(page)).toContainText("outcome: ok → -ENOTSUPP");
  await expect(result(page)).not.toContainText("set_affinity nic0 msix 0");
  // The preset's own IMS allocation (step 9) and ours.
  await expect(page.getByTestId("changed-steps")).toContainText("#13 alloc_ims dsa0 1: outcome: ok → -ENOTSUPP");
  await expect(page.getByTestId("timeline").locator("li[data-changed]")).toHaveCount(2);
  await expect(page.getByTestId("timeline")).toContainText(
    /set_affinity nic0 msix 0 \(irq 2[0-8]\) cpus 5 → ok: vector \w+ on CPU \d, move pending until the next interrupt/,
  );
});
