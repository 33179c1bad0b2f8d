/**
 * A world in the exported diagram: each machine's frame with its title, and the links between machines
 * drawn as on the canvas (dashed, the link colour or red when broken, through their labels in the gap).
 */
import { getBezierPath, Position } from "@xyflow/react";
import { TREE_NODE_WIDTH } from "../../sim/tree-ids";
import type { LinkKind } from "../../sim/world";
import { LINK_KIND_WORDS } from "../canvas/LinkEdge";
import { type LabelSlot, LINK_LABEL_WIDTH, type LinkSide } from "../canvas/world-flow";
import type { MachineFrame } from "../canvas/world-picture";
import { esc, r1 } from "./svg-text";
import { type Font, type MeasureText, wrapText } from "./wrap-text";

/** One link bundle as the diagram draws it. */
export interface DiagramLink {
  readonly id: string;
  readonly kind: LinkKind;
  readonly source: string;
  readonly target: string;
  readonly sourceSide: LinkSide;
  readonly targetSide: LinkSide;
  readonly slot?: LabelSlot;
  readonly lit: boolean;
  readonly count: number;
  readonly entry?: string;
  readonly broken?: string;
  readonly label: string;
}

export interface DiagramWorld {
  readonly frames: readonly MachineFrame[];
  readonly links: readonly DiagramLink[];
}

export interface WorldColours {
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly background: string;
  readonly path: string;
  readonly link: string;
  readonly err: string;
}

/** Where a card is, for a link's ends. */
export interface CardBox {
  readonly x: number;
  readonly y: number;
  readonly height: number;
}

const FRAME_TITLE_FONT: Font = { size: 20, weight: 700 };
const KIND_FONT: Font = { size: 15, weight: 700 };
const LINE_FONT: Font = { size: 13, weight: 400 };
const LABEL_PAD = 6;
const REASON_LINES = 3;

const lh = (f: Font): number => Math.round(f.size * 1.3);

function textLine(x: number, top: number, line: string, font: Font, fill: string): string {
  const weight = font.weight === 700 ? ' font-weight="700"' : "";
  return `<text x="${r1(x)}" y="${r1(top + font.size * 0.95)}" font-size="${font.size}"${weight} fill="${esc(fill)}">${esc(line)}</text>`;
}

/** The frames, drawn first (behind every node and edge). */
export function framesSvg(frames: readonly MachineFrame[], c: WorldColours): string {
  return frames
    .map((f) => {
      const dash = f.kind === "own" ? "" : ' stroke-dasharray="10 6"';
      const broken = f.broken ? `  ✕ ${f.broken} ${f.broken === 1 ? "link" : "links"} broken` : "";
      return `<g class="machine-frame machine-frame-${f.kind}"><title>${esc(f.title)}</title><rect x="${r1(f.x)}" y="${r1(f.y)}" width="${r1(f.width)}" height="${r1(f.height)}" rx="14" fill="none" stroke="${esc(c.muted)}" stroke-width="2"${dash}/>${textLine(f.x + 18, f.y + 12, f.title, FRAME_TITLE_FONT, c.text)}${broken ? textLine(f.x + 18, f.y + 12 + lh(FRAME_TITLE_FONT), broken.trim(), LINE_FONT, c.err) : ""}</g>`;
    })
    .join("");
}

function handle(card: CardBox, side: LinkSide): { x: number; y: number; position: Position } {
  if (side === "bottom") return { x: card.x + TREE_NODE_WIDTH / 2, y: card.y + card.height, position: Position.Bottom };
  if (side === "left") return { x: card.x, y: card.y + card.height / 2, position: Position.Left };
  return { x: card.x + TREE_NODE_WIDTH, y: card.y + card.height / 2, position: Position.Right };
}

/** The link edges and their labels; the bottom of what they draw, for the diagram's height. */
export function linksSvg(
  links: readonly DiagramLink[],
  cards: ReadonlyMap<string, CardBox>,
  c: WorldColours,
  measure: MeasureText,
): { svg: string; bottom: number } {
  const out: string[] = [];
  let bottom = 0;
  for (const l of links) {
    const s = cards.get(l.source);
    const t = cards.get(l.target);
    if (!s || !t) continue;
    const from = handle(s, l.sourceSide);
    const to = handle(t, l.targetSide);
    const colour = l.broken ? c.err : c.link;
    const width = l.lit ? 5 : 2.5;
    const dash = l.broken ? "4 5" : "9 6";
    const paths: string[] = [];
    if (l.slot) {
      const rightward = to.x > from.x;
      const half = LINK_LABEL_WIDTH / 2;
      const [a] = getBezierPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: from.position,
        targetX: rightward ? l.slot.x - half : l.slot.x + half,
        targetY: l.slot.y,
        targetPosition: rightward ? Position.Left : Position.Right,
      });
      const [b] = getBezierPath({
        sourceX: rightward ? l.slot.x + half : l.slot.x - half,
        sourceY: l.slot.y,
        sourcePosition: rightward ? Position.Right : Position.Left,
        targetX: to.x,
        targetY: to.y,
        targetPosition: to.position,
      });
      paths.push(a, b);
    } else {
      const [a] = getBezierPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: from.position,
        targetX: to.x,
        targetY: to.y,
        targetPosition: to.position,
      });
      paths.push(a);
    }
    out.push(
      `<path class="link link-${l.kind}${l.broken ? " link-broken" : ""}${l.lit ? " link-lit" : ""}" d="${paths.join(" ")}" fill="none" stroke="${esc(colour)}" stroke-width="${width}" stroke-dasharray="${dash}" marker-end="url(#link-arrow-${l.broken ? "broken" : "ok"})"><title>${esc(l.label)}</title></path>`,
    );
    if (!l.slot) continue;
    const inner = LINK_LABEL_WIDTH - 2 * LABEL_PAD;
    const lines: { text: string; font: Font; fill: string }[] = [
      {
        text: `${l.broken ? "✕" : "⇢"} ${LINK_KIND_WORDS[l.kind]}${l.count > 1 ? ` ×${l.count}` : ""}`,
        font: KIND_FONT,
        fill: l.broken ? c.err : c.text,
      },
      ...(l.entry ? [{ text: l.entry, font: LINE_FONT, fill: c.muted }] : []),
      ...wrapText(l.broken ?? "", inner, LINE_FONT, measure)
        .slice(0, REASON_LINES)
        .map((text) => ({ text, font: LINE_FONT, fill: c.err })),
    ];
    const height = lines.reduce((h, x) => h + lh(x.font), 0) + 2 * LABEL_PAD;
    const x = l.slot.x - LINK_LABEL_WIDTH / 2;
    const y = l.slot.y - height / 2;
    bottom = Math.max(bottom, y + height);
    let top = y + LABEL_PAD;
    const texts = lines.map((line) => {
      const svg = textLine(x + LABEL_PAD, top, line.text, line.font, line.fill);
      top += lh(line.font);
      return svg;
    });
    const glow = l.lit
      ? `<rect x="${r1(x)}" y="${r1(y)}" width="${LINK_LABEL_WIDTH}" height="${r1(height)}" rx="8" fill="none" stroke="${esc(c.path)}" stroke-width="7" stroke-opacity="0.3"/>`
      : "";
    out.push(
      `<g class="link-label">${glow}<rect x="${r1(x)}" y="${r1(y)}" width="${LINK_LABEL_WIDTH}" height="${r1(height)}" rx="8" fill="${esc(c.background)}" stroke="${esc(colour)}" stroke-width="2"/>${texts.join("")}</g>`,
    );
  }
  return { svg: out.join(""), bottom };
}

/** The arrowheads of the link edges (ok, broken). */
export function linkMarkers(c: WorldColours): string {
  return (["ok", "broken"] as const)
    .map((k) => {
      const colour = esc(k === "ok" ? c.link : c.err);
      return `<marker id="link-arrow-${k}" viewBox="-10 -10 20 20" markerWidth="14" markerHeight="14" markerUnits="userSpaceOnUse" orient="auto-start-reverse" refX="0" refY="0"><polyline points="-5,-4 0,0 -5,4 -5,-4" fill="${colour}" stroke="${colour}"/></marker>`;
    })
    .join("");
}
