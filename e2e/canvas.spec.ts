/**
 * The canvas's view controls: folding subtrees (click, keyboard, all devices at once; kept across an
 * operation and a reload; opened for a selected irq's path) and exporting the diagram as SVG and PNG.
 */
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";

const NIC_MSIX = "IR-PCI-MSIX-0000:3d:00.0-12";
const node = (page: Page, label: string) => page.getByTestId(`node-${label}`);
const toggle = (page: Page, label: string) => page.getByTestId(`toggle-${label}`);
/** Where React Flow placed a node, in flow units (its wrapper's translate). */
const position = (page: Page, id: string) =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => {
    const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec((el as HTMLElement).style.transform);
    return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
  });

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(node(page, "VECTOR")).toBeVisible();
});

test("collapsing a device domain by click hides its device, says so, and re-flows the tree", async ({ page }) => {
  const button = page.getByRole("button", { name: `collapse ${NIC_MSIX} (1 child)`, exact: true });
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await button.click();
  await expect(node(page, "nic0")).toHaveCount(0);
  await expect(page.getByTestId(`fold-${NIC_MSIX}`)).toHaveText("hides 1 device");
  await expect(toggle(page, NIC_MSIX)).toHaveAttribute("aria-expanded", "false");
  await expect(toggle(page, NIC_MSIX)).toHaveAccessibleName(`expand ${NIC_MSIX} (1 child)`);
  // Clicking the toggle is not selecting the node.
  await expect(page.getByTestId("domain-inspector")).toHaveCount(0);
  await expect(node(page, "nvme0")).toBeVisible();

  // Folding the IR unit hides both levels below it; the worker lays out what is left, so DMAR-MSI moves in.
  const before = await position(page, "main/domain:DMAR-MSI");
  const irBefore = await position(page, "main/domain:INTEL-IR-0-13");
  const onScreen = await node(page, "INTEL-IR-0-13").boundingBox();
  await toggle(page, "INTEL-IR-0-13").click();
  await expect(page.getByTestId("fold-INTEL-IR-0-13")).toHaveText("hides 7 domains, 7 devices");
  for (const label of [NIC_MSIX, "IO-APIC-0", "nvme0", "dsa0", "serial0"])
    await expect(node(page, label)).toHaveCount(0);
  await expect(node(page, "dmar0")).toBeVisible();
  await expect.poll(async () => (await position(page, "main/domain:DMAR-MSI"))?.x).toBeLessThan((before?.x ?? 0) - 500);
  // The IR unit moved in the layout, but the view followed it: it stays under the pointer.
  expect((await position(page, "main/domain:INTEL-IR-0-13"))?.x).not.toBe(irBefore?.x);
  const moved = async () => {
    const box = await node(page, "INTEL-IR-0-13").boundingBox();
    return Math.hypot((box?.x ?? 0) - (onScreen?.x ?? 0), (box?.y ?? 0) - (onScreen?.y ?? 0));
  };
  await expect.poll(moved).toBeLessThan(1);

  // Open again: the inner fold was kept.
  await toggle(page, "INTEL-IR-0-13").click();
  await expect(node(page, "nvme0")).toBeVisible();
  await expect(node(page, "nic0")).toHaveCount(0);
  await toggle(page, NIC_MSIX).click();
  await expect(node(page, "nic0")).toBeVisible();
  await expect(page.getByTestId(`fold-${NIC_MSIX}`)).toHaveCount(0);
  await expect.poll(() => position(page, "main/domain:DMAR-MSI")).toEqual(before);
});

test("a keyboard user reaches the toggle with Tab from its node and folds with Enter, unfolds with Space", async ({
  page,
}) => {
  await page.locator(`.react-flow__node[data-id="main/domain:${NIC_MSIX}"]`).focus();
  await page.keyboard.press("Tab");
  await expect(toggle(page, NIC_MSIX)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(node(page, "nic0")).toHaveCount(0);
  await expect(page.getByTestId(`fold-${NIC_MSIX}`)).toHaveText("hides 1 device");
  // The focus stays on the toggle, and Enter there did not select the domain.
  await expect(toggle(page, NIC_MSIX)).toBeFocused();
  await expect(page.getByTestId("domain-inspector")).toHaveCount(0);
  await page.keyboard.press("Space");
  await expect(node(page, "nic0")).toBeVisible();
  await expect(toggle(page, NIC_MSIX)).toHaveAttribute("aria-expanded", "true");
  // Enter on the node itself still selects it.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("domain-inspector")).toContainText(NIC_MSIX);
});

test("collapse devices and expand all; the fold survives an operation and a reload, and marks what changed inside", async ({
  page,
}) => {
  await expect(page.getByTestId("expand-all")).toBeDisabled();
  await page.getByTestId("collapse-devices").click();
  for (const label of ["nic0", "nvme0", "ahci0", "dsa0", "serial0", "sci", "hpet0", "dmar0"]) {
    await expect(node(page, label), label).toHaveCount(0);
  }
  await expect(page.getByTestId("fold-IO-APIC-0")).toHaveText("hides 2 devices");
  await expect(page.getByTestId("fold-DMAR-MSI")).toHaveText("hides 1 device");
  // A domain with domains below it stays open; one with no children has nothing to fold.
  await expect(page.getByTestId("fold-INTEL-IR-0-13")).toHaveCount(0);
  await expect(page.getByTestId("fold-IR-DEV-IMS-0000:6a:01.0-15")).toHaveCount(0);

  // An operation on a hidden device: the fold holds, and the node hiding it is marked.
  await page.getByRole("button", { name: "free_irq 29", exact: true }).click();
  await expect(page.getByTestId("result")).toContainText("free_irq");
  await expect(node(page, NIC_MSIX)).toHaveAttribute("data-changed", "true");
  await expect(node(page, "nic0")).toHaveCount(0);
  await expect(node(page, "nvme0")).toHaveCount(0);

  // A view preference, not a step: kept in localStorage, not in the session.
  await page.reload();
  await expect(node(page, "VECTOR")).toBeVisible();
  await expect(page.getByTestId(`fold-${NIC_MSIX}`)).toHaveText("hides 1 device");
  await expect(node(page, "nic0")).toHaveCount(0);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("irqscope.canvas.collapsed") ?? "[]"));
  expect(stored).toContain(`main/domain:${NIC_MSIX}`);

  // A machine change (fewer CPUs, the steps replayed) keeps the fold too.
  await page.getByTestId("share").focus();
  await page.keyboard.press("Control+K");
  await page.getByTestId("palette-input").fill("machine cpus 4");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("result")).toContainText("steps replayed");
  await expect(page.getByTestId(`fold-${NIC_MSIX}`)).toHaveText("hides 1 device");
  await expect(node(page, "nic0")).toHaveCount(0);

  await page.getByTestId("expand-all").click();
  for (const label of ["nic0", "nvme0", "serial0", "dmar0"]) await expect(node(page, label), label).toBeVisible();
  await expect(page.getByTestId("expand-all")).toBeDisabled();
});

test("selecting an irq under a collapsed subtree opens the folds on its path; folding again lights the fold", async ({
  page,
}) => {
  await toggle(page, "IO-APIC-0").click();
  await toggle(page, NIC_MSIX).click();
  await toggle(page, "INTEL-IR-0-13").click();
  await expect(node(page, "nic0")).toHaveCount(0);
  await expect(node(page, NIC_MSIX)).toHaveCount(0);

  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await expect(page.getByTestId("irq-inspector")).toContainText("irq 29");
  // Every level of the path is on the canvas again, lit, with what irq 29 uses there.
  await expect(node(page, "nic0")).toHaveClass(/on-path/);
  await expect(node(page, NIC_MSIX)).toHaveClass(/on-path/);
  await expect(node(page, "INTEL-IR-0-13")).toHaveClass(/on-path/);
  await expect(page.getByTestId("path-note-nic0")).toHaveText("MSI-X table entry 0");
  await expect(page.getByTestId("path-note-INTEL-IR-0-13")).toHaveText("IRTE 19");
  await expect(page.getByTestId("node-target")).toContainText("CPU 2 · vector 0x21");
  // Only the folds on the path were opened.
  await expect(page.getByTestId("fold-IO-APIC-0")).toHaveText("hides 2 devices");

  // Folded again while selected: the fold stands for the hidden part of the path.
  await toggle(page, NIC_MSIX).click();
  await expect(node(page, "nic0")).toHaveCount(0);
  await expect(node(page, NIC_MSIX)).toHaveClass(/on-path/);
  await expect(page.getByTestId(`path-note-${NIC_MSIX}`)).toHaveText("hwirq 0 · path inside: nic0");
});

/** The PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("exports the whole diagram as SVG and PNG, in the current theme, with the lit path and the folds", async ({
  page,
}) => {
  await page.getByRole("radio", { name: "Dark" }).check();
  await toggle(page, "IO-APIC-0").click();
  await expect(node(page, "serial0")).toHaveCount(0);
  await page.getByRole("button", { name: "inspect irq 29", exact: true }).click();
  await expect(page.getByTestId("node-target")).toBeVisible();

  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-svg").click()]);
  expect(svgDownload.suggestedFilename()).toBe("irqscope-server-with-vt-d-6-12.svg");
  const text = await readFile((await svgDownload.path()) ?? "", "utf8");
  await expect(page.getByRole("toolbar", { name: "diagram" }).getByRole("status")).toContainText(
    "saved irqscope-server-with-vt-d-6-12.svg",
  );
  // Parsed by the browser as an SVG document: its texts, its lit nodes, its colours.
  const svg = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, "image/svg+xml");
    const root = doc.documentElement;
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: root.nodeName,
      width: Number(root.getAttribute("width")),
      height: Number(root.getAttribute("height")),
      texts: [...doc.querySelectorAll("text")].map((t) => t.textContent ?? ""),
      lit: [...doc.querySelectorAll("g.on-path")].map((g) => g.getAttribute("data-id")),
      collapsed: [...doc.querySelectorAll("g.collapsed")].map((g) => g.getAttribute("data-id")),
      background: doc.querySelector("svg > rect")?.getAttribute("fill"),
      foreign: doc.querySelectorAll("foreignObject, image, script").length,
    };
  }, text);
  expect(svg.error).toBeNull();
  expect(svg.root).toBe("svg");
  for (const name of [
    "VECTOR",
    "INTEL-IR-0-13",
    "IO-APIC-0",
    "HPET-MSI-0",
    "DMAR-MSI",
    NIC_MSIX,
    "IR-DEV-IMS-0000:6a:01.0-15",
    "nic0",
    "dsa0",
  ]) {
    expect(
      svg.texts.some((t) => t.startsWith(name)),
      name,
    ).toBe(true);
  }
  // The folded devices are not drawn; the fold says what it hides.
  expect(svg.texts.some((t) => t.startsWith("serial0"))).toBe(false);
  expect(svg.texts).toContain("hides 2 devices");
  expect(svg.collapsed).toEqual(["main/domain:IO-APIC-0"]);
  expect(svg.lit).toEqual([
    "main/domain:VECTOR",
    "main/domain:INTEL-IR-0-13",
    `main/domain:${NIC_MSIX}`,
    "main/device:nic0",
    null,
  ]);
  expect(svg.texts).toContain("IRTE 19");
  expect(svg.texts.some((t) => t.startsWith("CPU 2 · vector 0x21"))).toBe(true);
  // Dark theme: the canvas's dark panel colour, not the light one.
  expect(svg.background).toBe("rgb(22, 27, 34)");
  // Real text and shapes only: nothing a viewer would have to fetch or run.
  expect(svg.foreign).toBe(0);
  // The whole tree, wider than the canvas on screen.
  expect(svg.width).toBeGreaterThan(2000);

  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
  expect(pngDownload.suggestedFilename()).toBe("irqscope-server-with-vt-d-6-12.png");
  const png = await readFile((await pngDownload.path()) ?? "");
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // At 2x device scale, the same picture.
  expect(pngSize(png)).toEqual({ width: 2 * svg.width, height: 2 * svg.height });
  expect(png.length).toBeGreaterThan(50_000);
  await expect(page.getByRole("toolbar", { name: "diagram" }).getByRole("status")).toContainText(
    `saved irqscope-server-with-vt-d-6-12.png (${2 * svg.width}×${2 * svg.height} px)`,
  );
});
