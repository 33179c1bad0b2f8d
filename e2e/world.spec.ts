/**
 * A world of machines on the canvas: the NTB pair draws the peer host in its own frame beside this
 * host, a link per queue pair from the peer's copy to the local NTB-MSI irq; selecting that irq lights
 * the path across the link; the stale-copy example marks the link broken with its reason, and the tick
 * that makes the peer read the re-send heals it.
 */
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe";

const result = (page: Page) => page.getByTestId("result");
const QP0 = "link-peer-copy:ntb0/peer/0";
const QP1 = "link-peer-copy:ntb0/peer/1";

async function choose(page: Page, label: string) {
  await page.getByTestId("machine-preset").selectOption({ label });
  await expect(result(page)).toContainText(`load ${label}`);
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
});

test("a machine alone has no frames and no links", async ({ page }) => {
  await expect(page.getByTestId("node-VECTOR")).toBeVisible();
  await expect(page.getByTestId("machine-frame")).toHaveCount(0);
  await expect(page.locator(".link-label")).toHaveCount(0);
});

test("NTB pair: both hosts framed and titled; the local NTB-MSI irq lights the peer's copy and the link", async ({
  page,
}) => {
  await choose(page, "NTB pair (Switchtec, the peer's copies)");
  const own = page.locator('[data-testid="machine-frame"][data-kind="own"]');
  const peer = page.locator('[data-testid="machine-frame"][data-kind="peer-host"]');
  await expect(own).toContainText("this host: 4 CPUs, IR on");
  await expect(peer).toContainText("peer host across ntb0: 2 NTB-MSI copies, 0 stale");
  await expect(own).toBeVisible();
  await expect(peer).toBeVisible();
  // The two frames side by side, not overlapping.
  const a = await own.boundingBox();
  const b = await peer.boundingBox();
  expect(a && b && a.x + a.width < b.x).toBe(true);
  await expect(page.getByTestId("node-qp 0 copy")).toBeVisible();
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-broken", "false");
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-lit", "false");

  // Select queue pair 0's NTB-MSI irq from the Irqs table.
  const search = page.getByTestId("irq-search");
  await search.fill("ntb_transport");
  await expect(page.getByTestId("irq-matches")).toHaveText(/^2 of \d+ irqs$/);
  await search.press("Enter");
  await expect(page.getByTestId("irq-inspector")).toBeVisible();
  await expect(page.getByTestId("irq-links")).toContainText("the peer host writes queue pair 0's copy");
  await expect(page.getByTestId("node-ntb0")).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId("node-qp 0 copy")).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId("node-ntb0 peer port")).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId("path-note-qp 0 copy")).toContainText("queue pair 0: copy of irq");
  // The other queue pair's copy and link stay dark.
  await expect(page.getByTestId(QP1)).toHaveAttribute("data-lit", "false");
  await expect(page.getByTestId("node-qp 1 copy")).not.toHaveAttribute("data-lit", "true");

  // Selecting the link shows what it carries and through what.
  await page.getByTestId(QP1).click();
  const inspector = page.getByTestId("link-inspector");
  await expect(inspector).toContainText("copy held by the NTB peer host");
  await expect(inspector).toHaveAttribute("data-broken", "false");
  await expect(page.getByTestId("link-via")).toContainText("the NTB window at 0x");
  await expect(page.getByTestId("link-via")).toContainText(/which means\s*IRTE \d+/);
  await expect(page.getByTestId(QP1)).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId("node-qp 1 copy")).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-lit", "false");
});

test("the stale-copy example: the link broken with its reason while the copy is stale, healed by the tick", async ({
  page,
}) => {
  await choose(page, "Hazard: NTB peer writes a stale copy without IR");
  // The whole example ran: the last re-send was read, the copy is current.
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-broken", "false");
  // Back to the raise after CPU 3 went offline: the peer still holds the old copy.
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await page.getByRole("button", { name: "go to step 11", exact: true }).click();
  await expect(page.getByTestId("step-counter")).toHaveText("step 11/13");
  const link = page.getByTestId(QP0);
  await expect(link).toHaveAttribute("data-broken", "true");
  await expect(link).toContainText("CPU 3 is offline");
  await expect(link).toHaveAttribute(
    "title",
    /Broken: stale copy: it points to CPU 3 vector 0x[0-9a-f]+, and CPU 3 is offline/,
  );
  await expect(page.locator('[data-testid="machine-frame"][data-kind="peer-host"]')).toContainText("1 stale");
  await expect(page.locator('[data-testid="machine-frame"][data-kind="own"]')).toHaveAttribute("data-broken", "1");
  await link.click();
  await expect(page.getByTestId("link-broken")).toContainText("re-send waits for the peer's doorbell work (tick)");
  // The path across stays lit: the local irq's path and the peer's copy.
  await expect(page.getByTestId("node-ntb0")).toHaveAttribute("data-lit", "true");
  await expect(page.getByTestId("node-qp 0 copy")).toHaveAttribute("data-lit", "true");

  // The tick runs the peer's doorbell work: it reads the re-sent descriptor, the link heals.
  await page.getByTestId("tick").click();
  await expect(result(page)).toContainText("the NTB peer host read the re-sent NTB-MSI descriptors");
  await expect(link).toHaveAttribute("data-broken", "false");
  await expect(page.getByTestId("link-ok")).toBeVisible();
  await expect(page.locator('[data-testid="machine-frame"][data-kind="peer-host"]')).toContainText("0 stale");
});

test("the peer host's nodes fold like any other, and the link goes to the fold", async ({ page }) => {
  await choose(page, "NTB pair (Switchtec, the peer's copies)");
  await page.getByTestId("toggle-ntb0 peer port").click();
  await expect(page.getByTestId("fold-ntb0 peer port")).toHaveText("hides 2 copies");
  await expect(page.getByTestId("node-qp 0 copy")).toHaveCount(0);
  // Both links now end at the fold: one edge, its label counting them.
  await expect(page.locator(".link-label")).toHaveCount(1);
  await expect(page.locator(".link-label")).toContainText("×2");
  await page.getByTestId("toggle-ntb0 peer port").click();
  await expect(page.getByTestId("node-qp 0 copy")).toBeVisible();
  await expect(page.locator(".link-label")).toHaveCount(2);
});

test("the exported SVG of the stale copy draws both machines' frames and the broken link with its reason", async ({
  page,
}) => {
  await choose(page, "Hazard: NTB peer writes a stale copy without IR");
  await page.getByRole("tab", { name: /^Steps/ }).click();
  await page.getByRole("button", { name: "go to step 11", exact: true }).click();
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-broken", "true");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-svg").click()]);
  const text = await readFile((await download.path()) ?? "", "utf8");
  const svg = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, "image/svg+xml");
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      frames: [...doc.querySelectorAll("g.machine-frame > title")].map((t) => t.textContent ?? ""),
      broken: doc.querySelectorAll("path.link-broken").length,
      labels: [...doc.querySelectorAll("g.link-label text")].map((t) => t.textContent ?? "").join(" "),
      nodes: [...doc.querySelectorAll("g.node")].map((g) => g.getAttribute("data-id")),
    };
  }, text);
  expect(svg.error).toBeNull();
  expect(svg.frames).toEqual(["this host: 4 CPUs, IR off", "peer host across ntb0: 1 NTB-MSI copy, 1 stale"]);
  expect(svg.broken).toBe(1);
  expect(svg.labels).toContain("CPU 3 is offline");
  expect(svg.nodes).toContain("peer/copy:ntb0.qp0");
  expect(svg.nodes).toContain("main/device:ntb0");
});

for (const theme of ["Light", "Dark"] as const) {
  test(`axe: the NTB pair's canvas and the broken link's inspector, ${theme.toLowerCase()} theme`, async ({ page }) => {
    await page.getByRole("radio", { name: theme }).check();
    await choose(page, "Hazard: NTB peer writes a stale copy without IR");
    await page.getByRole("tab", { name: /^Steps/ }).click();
    await page.getByRole("button", { name: "go to step 11", exact: true }).click();
    await page.getByTestId(QP0).click();
    await expect(page.getByTestId("link-broken")).toBeVisible();
    expect(await seriousViolations(page, `world canvas ${theme}`, ".canvas-view")).toEqual([]);
    expect(await seriousViolations(page, `link inspector ${theme}`, '[data-testid="link-inspector"]')).toEqual([]);
  });
}

test("a keyboard user selects a link from its edge with Enter, and a copy node with Enter", async ({ page }) => {
  await choose(page, "NTB pair (Switchtec, the peer's copies)");
  const edge = page.getByTestId("rf__edge-link:peer-copy:peer/copy:ntb0.qp1->main/device:ntb0");
  await edge.focus();
  await edge.press("Enter");
  await expect(page.getByTestId("link-label")).toContainText("queue pair 1's copy");
  await expect(page.getByTestId(QP1)).toHaveAttribute("aria-pressed", "true");
  const copy = page.locator('.react-flow__node[data-id="peer/copy:ntb0.qp0"]');
  await copy.focus();
  await copy.press("Enter");
  await expect(page.getByTestId("link-label")).toContainText("queue pair 0's copy");
  await expect(page.getByTestId(QP0)).toHaveAttribute("data-lit", "true");
});
