import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../../scenario/presets";
import type { IrqDetail } from "../../sim/irq-detail";
import { Simulator } from "../../sim/simulator";
import { details, machineView } from "../../sim/views";
import { canvasPicture } from "../canvas/picture";
import { type DiagramPalette, diagramSvg } from "./diagram-svg";
import { fileStem } from "./file-stem";
import type { MeasureText } from "./wrap-text";

/** A monospace stand-in for the browser's metrics. */
const mono: MeasureText = (text, font) => text.length * font.size * 0.6;

const PALETTE: DiagramPalette = {
  background: "#fffffe",
  text: "#111111",
  muted: "#555555",
  border: "#cccccc",
  accent: "#1d4ed8",
  path: "#b93d0c",
  edge: "#b1b1b7",
  link: "#6d28d9",
  err: "#b3261e",
  fills: {
    vector: "#e8efff",
    ir: "#fff4e0",
    msi: "#eef8f0",
    ims: "#f6edff",
    legacy: "#f1f5f9",
    device: "#ffffff",
    target: "#fffffd",
  },
};

function session() {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  return {
    tree: (collapsed: string[] = []) => machineView(sim, { collapsed }).tree,
    irq29: details(sim, { irq: 29 }).irq as IrqDetail,
  };
}

/** Every element's tag, in order, checking that each one opened is closed in turn. */
function wellFormed(svg: string): string[] {
  const open: string[] = [];
  const seen: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    const [, closing, tag = "", , selfClosing] = m;
    if (closing) {
      expect(open.pop(), `</${tag}>`).toBe(tag);
    } else {
      seen.push(tag);
      if (!selfClosing) open.push(tag);
    }
  }
  expect(open).toEqual([]);
  return seen;
}

/** The text content of every <text>, tags stripped, entities decoded. */
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) =>
    (m[1] ?? "")
      .replace(/<[^>]+>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );

describe("diagramSvg", () => {
  const { tree, irq29 } = session();
  const caption = ["Server with VT-d (6.12): <test> & more", "8 CPUs"];

  it("is one well-formed SVG document with a title, sized to the whole tree plus margins", () => {
    const t = tree();
    const d = diagramSvg({
      picture: canvasPicture(t),
      caption,
      palette: PALETTE,
      fontFamily: '"Liberation Sans", sans-serif',
      measure: mono,
    });
    const tags = wellFormed(d.svg);
    expect(tags[0]).toBe("svg");
    expect(d.svg).toContain(`viewBox="0 0 ${d.width} ${d.height}"`);
    expect(d.svg).toContain('font-family="&quot;Liberation Sans&quot;, sans-serif"');
    expect(d.width).toBeGreaterThanOrEqual(t.width + 48);
    expect(d.height).toBeGreaterThan(t.height + 48);
    expect(d.svg).toContain("<title>irqscope: Server with VT-d (6.12): &lt;test&gt; &amp; more</title>");
    // No markup a viewer would have to fetch or run.
    expect(tags.filter((tag) => ["foreignObject", "image", "script", "style"].includes(tag))).toEqual([]);
  });

  it("names every shown node in real text, one card per node, one curve per edge", () => {
    const t = tree();
    const d = diagramSvg({ picture: canvasPicture(t), caption, palette: PALETTE, fontFamily: "serif", measure: mono });
    const all = texts(d.svg);
    for (const n of t.nodes)
      expect(
        all.some((s) => s.startsWith(n.label)),
        n.label,
      ).toBe(true);
    expect(all).toContain("msix 4/16 · 2 masked");
    expect(all).toContain(caption[0]);
    expect(d.svg.match(/<g class="node /g)).toHaveLength(t.nodes.length);
    expect(d.svg.match(/<path class="edge/g)).toHaveLength(t.edges.length);
    expect(d.svg.match(/stroke-dasharray="5 4"/g)).toHaveLength(1);
  });

  it("wraps text to the card: no line wider than the card's inside", () => {
    const d = diagramSvg({
      picture: canvasPicture(tree()),
      caption: [],
      palette: PALETTE,
      fontFamily: "serif",
      measure: mono,
    });
    for (const m of d.svg.matchAll(/<text[^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)) {
      expect(mono(m[2] ?? "", { size: Number(m[1]), weight: 400 }), m[2]).toBeLessThanOrEqual(200);
    }
    // The IR unit's long detail line went onto two lines.
    expect(texts(d.svg)).toEqual(
      expect.arrayContaining(["INTEL-IR-0-13: 28 irqs mapped", "· 28 of 65,536 IRTEs used"]),
    );
  });

  it("draws the lit path, its notes and the target in the palette's path colour", () => {
    const d = diagramSvg({
      picture: canvasPicture(tree(), irq29),
      caption,
      palette: PALETTE,
      fontFamily: "serif",
      measure: mono,
    });
    const lit = [...d.svg.matchAll(/<g class="node [^"]*on-path[^"]*"(?: data-id="([^"]+)")?/g)].map((m) => m[1]);
    expect(lit).toEqual([
      "main/domain:VECTOR",
      "main/domain:INTEL-IR-0-13",
      "main/domain:IR-PCI-MSIX-0000:3d:00.0-12",
      "main/device:nic0",
      undefined,
    ]);
    expect(d.svg.match(/<path class="edge edge-path"[^>]*stroke="#b93d0c"/g)).toHaveLength(4);
    expect(d.svg).toContain('marker-end="url(#arrow)"');
    const all = texts(d.svg);
    expect(all).toContain("IRTE 19");
    expect(all).toContain("MSI-X table entry 0");
    expect(all.some((s) => s.startsWith("CPU 2 · vector 0x21"))).toBe(true);
  });

  it("draws a collapsed node with what it hides, and not what is hidden", () => {
    const t = tree(["main/domain:IO-APIC-0"]);
    const d = diagramSvg({ picture: canvasPicture(t), caption, palette: PALETTE, fontFamily: "serif", measure: mono });
    const all = texts(d.svg);
    expect(all).toContain("hides 2 devices");
    expect(all.some((s) => s.startsWith("serial0"))).toBe(false);
    expect(d.svg).toContain('class="node node-ioapic collapsed" data-id="main/domain:IO-APIC-0"');
  });

  it("takes its colours from the palette (the theme)", () => {
    const dark = { ...PALETTE, background: "rgb(22, 27, 34)", fills: { ...PALETTE.fills, ir: "rgb(58, 44, 18)" } };
    const d = diagramSvg({
      picture: canvasPicture(tree()),
      caption,
      palette: dark,
      fontFamily: "serif",
      measure: mono,
    });
    expect(d.svg).toContain('<rect width="100%" height="100%" fill="rgb(22, 27, 34)"/>');
    expect(d.svg).toMatch(
      /data-id="main\/domain:INTEL-IR-0-13"><title>[^<]*<\/title><rect [^>]*fill="rgb\(58, 44, 18\)"/,
    );
  });
});

describe("fileStem", () => {
  it("names the file after the machine, before its description", () => {
    expect(fileStem("Server with VT-d (6.12): NVMe, NIC, AHCI")).toBe("irqscope-server-with-vt-d-6-12");
    expect(fileStem("Laptop without IR (6.12): compat-format messages")).toBe("irqscope-laptop-without-ir-6-12");
    expect(fileStem("")).toBe("irqscope-machine");
    expect(fileStem("ÜÖ::")).toBe("irqscope-machine");
    expect(fileStem("x".repeat(100))).toBe(`irqscope-${"x".repeat(60)}`);
  });
});
