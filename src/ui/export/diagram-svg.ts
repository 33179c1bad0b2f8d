/**
 * The canvas picture as a standalone SVG document: the same nodes, words, edges and lit path as on
 * screen, drawn from the worker's layout with real <text> (small, crisp at any zoom, selectable,
 * searchable). Colours come in as a palette read from the page's theme; text is wrapped with the
 * page's own font metrics, since SVG text does not wrap.
 */
import { getBezierPath, Position } from "@xyflow/react";
import type { TreeNode, TreeNodeKind } from "../../sim/domain-tree";
import { TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "../../sim/tree-ids";
import { flagsLine, foldText, nodeSubtitle, storeLine, type TargetText } from "../canvas/node-text";
import type { CanvasPicture, PictureNode } from "../canvas/picture";
import { type DiagramWorld, framesSvg, linkMarkers, linksSvg } from "./diagram-world";
import { esc, r1 } from "./svg-text";
import { type Font, type MeasureText, wrapText } from "./wrap-text";

export type FillKey = "vector" | "ir" | "msi" | "ims" | "legacy" | "device" | "target";

export interface DiagramPalette {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly accent: string;
  readonly path: string;
  readonly edge: string;
  /** The links between machines, and a broken one. */
  readonly link: string;
  readonly err: string;
  readonly fills: Readonly<Record<FillKey, string>>;
}

export interface DiagramInput {
  readonly picture: CanvasPicture;
  /** Lines above the tree: what machine this is. */
  readonly caption: readonly string[];
  readonly palette: DiagramPalette;
  /** The page's font stack (the PNG is drawn with it; a viewer of the SVG falls back along it). */
  readonly fontFamily: string;
  readonly measure: MeasureText;
  /** The machines' frames and the links between them, when the picture is a world (nodes placed). */
  readonly world?: DiagramWorld;
}

export interface Diagram {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

const FILL_OF: Record<TreeNodeKind, FillKey> = {
  vector: "vector",
  ir: "ir",
  ioapic: "legacy",
  hpet: "msi",
  "dmar-msi": "msi",
  "pci-msi": "msi",
  "pci-msix": "msi",
  ims: "ims",
  device: "device",
  chip: "legacy",
  "ntb-peer": "device",
  "held-copy": "device",
};

/** The card's box model, as styles.css draws `.node`. */
const PAD_X = 10;
const PAD_Y = 8;
const INNER = TREE_NODE_WIDTH - 2 * PAD_X;
const GAP = 4;
const MARGIN = 24;
const CAPTION_GAP = 16;
const TITLE: Font = { size: 12, weight: 700 };
const SMALL: Font = { size: 11, weight: 400 };
const SMALL_BOLD: Font = { size: 11, weight: 700 };
const CAPTION: Font = { size: 14, weight: 700 };
const lineHeight = (f: Font): number => Math.round(f.size * 1.3);

/** One run of text lines in one font and colour, `gap` below the previous block. */
interface Block {
  readonly lines: readonly string[];
  readonly font: Font;
  readonly color: string;
  readonly gap: number;
  /** A muted second part after the last line's text (the kind beside the name). */
  readonly tail?: string;
}

interface Card {
  readonly x: number;
  readonly y: number;
  readonly height: number;
  readonly blocks: readonly Block[];
}

function blocksHeight(blocks: readonly Block[]): number {
  return blocks.reduce((h, b) => h + b.gap + b.lines.length * lineHeight(b.font), 0);
}

class Drawer {
  constructor(private readonly input: DiagramInput) {}

  private wrap(text: string, font: Font): string[] {
    return wrapText(text, INNER, font, this.input.measure);
  }

  /** The name, with the kind beside it when both fit on one line (as the card's inline spans do). */
  private title(name: string, kind: string): Block[] {
    const { palette, measure } = this.input;
    const lines = this.wrap(name, TITLE);
    const last = lines.at(-1) ?? "";
    if (measure(last, TITLE) + 4 + measure(kind, SMALL) <= INNER) {
      return [{ lines, font: TITLE, color: palette.text, gap: 0, tail: kind }];
    }
    return [
      { lines, font: TITLE, color: palette.text, gap: 0 },
      { lines: this.wrap(kind, SMALL), font: SMALL, color: palette.muted, gap: 0 },
    ];
  }

  treeCard(p: PictureNode): Card {
    const { palette } = this.input;
    const n = p.node;
    const blocks: Block[] = [...this.title(n.label, nodeSubtitle(n))];
    blocks.push({ lines: this.wrap(n.detail, SMALL), font: SMALL, color: palette.muted, gap: GAP });
    if (n.kind === "device" && n.stores) {
      const lines = n.stores.flatMap((s) => this.wrap(storeLine(s), SMALL));
      if (lines.length) blocks.push({ lines, font: SMALL, color: palette.text, gap: GAP });
    } else {
      blocks.push({ lines: this.wrap(flagsLine(n), SMALL), font: SMALL, color: palette.muted, gap: GAP });
    }
    if (n.collapsed)
      blocks.push({ lines: this.wrap(foldText(n), SMALL_BOLD), font: SMALL_BOLD, color: palette.accent, gap: GAP });
    if (p.pathNote)
      blocks.push({ lines: this.wrap(p.pathNote, SMALL_BOLD), font: SMALL_BOLD, color: palette.path, gap: GAP });
    return { x: n.x, y: n.y, height: Math.max(TREE_NODE_HEIGHT, blocksHeight(blocks) + 2 * PAD_Y), blocks };
  }

  targetCard(x: number, y: number, t: TargetText): Card {
    const { palette } = this.input;
    const blocks: Block[] = [
      ...this.title(t.title, t.subtitle),
      { lines: this.wrap(t.detail, SMALL), font: SMALL, color: palette.muted, gap: GAP },
    ];
    if (t.previous) blocks.push({ lines: this.wrap(t.previous, SMALL), font: SMALL, color: palette.muted, gap: GAP });
    return { x, y, height: Math.max(TREE_NODE_HEIGHT, blocksHeight(blocks) + 2 * PAD_Y), blocks };
  }

  text(x: number, top: number, blocks: readonly Block[]): string {
    const out: string[] = [];
    let y = top;
    for (const b of blocks) {
      y += b.gap;
      const lh = lineHeight(b.font);
      const weight = b.font.weight === 700 ? ' font-weight="700"' : "";
      b.lines.forEach((line, i) => {
        // The baseline sits about 0.8 em below the top of a line box.
        const base = r1(y + (lh - b.font.size) / 2 + b.font.size * 0.82);
        const tail =
          b.tail !== undefined && i === b.lines.length - 1
            ? `<tspan font-size="${SMALL.size}" font-weight="400" fill="${esc(this.input.palette.muted)}" dx="4">${esc(b.tail)}</tspan>`
            : "";
        out.push(
          `<text x="${r1(x)}" y="${base}" font-size="${b.font.size}"${weight} fill="${esc(b.color)}">${esc(line)}${tail}</text>`,
        );
        y += lh;
      });
    }
    return out.join("");
  }
}

function box(x: number, y: number, h: number, fill: string, stroke: string, extra = ""): string {
  return `<rect x="${r1(x)}" y="${r1(y)}" width="${TREE_NODE_WIDTH}" height="${r1(h)}" rx="8" fill="${esc(fill)}" stroke="${esc(stroke)}"${extra}/>`;
}

function nodeGroup(d: Drawer, palette: DiagramPalette, p: PictureNode, card: Card): string {
  const n: TreeNode = p.node;
  const fill = palette.fills[FILL_OF[n.kind]];
  const parts: string[] = [];
  // A collapsed node: a second card peeking out behind it, as on the canvas.
  if (n.collapsed) parts.push(box(card.x + 5, card.y + 5, card.height, fill, palette.border));
  if (p.onPath) {
    parts.push(box(card.x, card.y, card.height, "none", palette.path, ' stroke-width="7" stroke-opacity="0.25"'));
  }
  const stroke = p.onPath ? palette.path : n.kind === "vector" ? palette.accent : palette.border;
  const width = p.onPath ? ' stroke-width="2"' : "";
  const dash = n.kind === "device" && !p.onPath ? ' stroke-dasharray="4 3"' : "";
  parts.push(box(card.x, card.y, card.height, fill, stroke, width + dash));
  parts.push(d.text(card.x + PAD_X, card.y + PAD_Y, card.blocks));
  const cls = `node node-${n.kind}${p.onPath ? " on-path" : ""}${n.collapsed ? " collapsed" : ""}`;
  return `<g class="${cls}" data-id="${esc(n.id)}"><title>${esc(`${n.label}: ${n.detail}`)}</title>${parts.join("")}</g>`;
}

/** The whole tree (not the viewport), its caption, and the selected irq's target if any. */
export function diagramSvg(input: DiagramInput): Diagram {
  const { picture, palette, caption, measure } = input;
  const d = new Drawer(input);
  const cards = new Map(picture.nodes.map((p) => [p.node.id, d.treeCard(p)]));
  const target = picture.target;
  const targetCard = target ? d.targetCard(target.x, target.y, target.text) : undefined;

  const captionBlocks: Block[] = caption.map((line, i) => ({
    lines: [line],
    font: i === 0 ? CAPTION : SMALL,
    color: i === 0 ? palette.text : palette.muted,
    gap: i === 0 ? 0 : 2,
  }));
  const captionHeight = caption.length ? blocksHeight(captionBlocks) + CAPTION_GAP : 0;
  const all = [...cards.values(), ...(targetCard ? [targetCard] : [])];
  const frames = input.world?.frames ?? [];
  const links = input.world ? linksSvg(input.world.links, cards, palette, measure) : undefined;
  const right = Math.max(
    0,
    ...all.map((c) => c.x + TREE_NODE_WIDTH + 5),
    ...frames.map((f) => f.x + f.width + 2),
    ...caption.map((line, i) => measure(line, i === 0 ? CAPTION : SMALL)),
  );
  const bottom = Math.max(
    0,
    ...all.map((c) => c.y + c.height + 5),
    ...frames.map((f) => f.y + f.height + 2),
    (links?.bottom ?? 0) + 5,
  );
  const width = Math.ceil(right + 2 * MARGIN);
  const height = Math.ceil(bottom + captionHeight + 2 * MARGIN);
  const top = MARGIN + captionHeight;

  const edges: string[] = [];
  // Unlit edges first, so the path is drawn over them.
  const ordered = [...picture.edges].sort((a, b) => Number(a.lit) - Number(b.lit));
  for (const e of ordered) {
    const s = cards.get(e.source);
    const t = cards.get(e.target);
    if (!s || !t) continue;
    const [path] = getBezierPath({
      sourceX: s.x + TREE_NODE_WIDTH / 2,
      sourceY: s.y + s.height,
      sourcePosition: Position.Bottom,
      targetX: t.x + TREE_NODE_WIDTH / 2,
      targetY: t.y,
      targetPosition: Position.Top,
    });
    const stroke = e.lit
      ? `stroke="${esc(palette.path)}" stroke-width="2.5"`
      : `stroke="${esc(palette.edge)}" stroke-width="1"`;
    const dash = e.secondary ? ' stroke-dasharray="5 4"' : "";
    edges.push(`<path class="edge${e.lit ? " edge-path" : ""}" d="${path}" fill="none" ${stroke}${dash}/>`);
  }
  const root = target ? cards.get(target.from) : undefined;
  if (target && targetCard && root) {
    const [path] = getBezierPath({
      sourceX: root.x + TREE_NODE_WIDTH,
      sourceY: root.y + root.height / 2,
      sourcePosition: Position.Right,
      targetX: targetCard.x,
      targetY: targetCard.y + targetCard.height / 2,
      targetPosition: Position.Left,
    });
    edges.push(
      `<path class="edge edge-path" d="${path}" fill="none" stroke="${esc(palette.path)}" stroke-width="2.5" marker-end="url(#arrow)"/>`,
    );
  }

  const nodes = picture.nodes.map((p) => {
    const card = cards.get(p.node.id);
    return card ? nodeGroup(d, palette, p, card) : "";
  });
  if (target && targetCard) {
    nodes.push(
      `<g class="node node-target on-path"><title>${esc(`irq ${target.irq}: ${target.text.title}`)}</title>${box(targetCard.x, targetCard.y, targetCard.height, palette.fills.target, palette.path, ' stroke-width="2"')}${d.text(targetCard.x + PAD_X, targetCard.y + PAD_Y, targetCard.blocks)}</g>`,
    );
  }

  const title = caption[0] ?? "irqscope";
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(input.fontFamily)}" role="img" aria-label="${esc(`irqdomain hierarchy: ${title}`)}">`,
    `<title>${esc(`irqscope: ${title}`)}</title>`,
    `<defs><marker id="arrow" viewBox="-10 -10 20 20" markerWidth="12.5" markerHeight="12.5" markerUnits="userSpaceOnUse" orient="auto-start-reverse" refX="0" refY="0"><polyline points="-5,-4 0,0 -5,4 -5,-4" fill="${esc(palette.path)}" stroke="${esc(palette.path)}" stroke-linecap="round" stroke-linejoin="round"/></marker></defs>`,
    input.world ? `<defs>${linkMarkers(palette)}</defs>` : "",
    `<rect width="100%" height="100%" fill="${esc(palette.background)}"/>`,
    d.text(MARGIN, MARGIN, captionBlocks),
    `<g transform="translate(${MARGIN} ${top})">`,
    frames.length ? `<g class="frames">${framesSvg(frames, palette)}</g>` : "",
    `<g class="edges">${edges.join("")}</g>`,
    links ? `<g class="links">${links.svg}</g>` : "",
    `<g class="nodes">${nodes.join("")}</g>`,
    "</g>",
    "</svg>",
  ].join("\n");
  return { svg, width, height };
}
