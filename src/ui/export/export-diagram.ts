/**
 * Exporting the diagram from the page: the theme's colours read from styles.css, text measured with
 * the page's font, the SVG saved as is, and the PNG drawn from that SVG on a canvas at 2x. Nothing
 * is fetched: the SVG goes to an <img> as a data: URL (the CSP's img-src allows data:), and the
 * files leave as blob: downloads.
 */
import { download } from "../download";
import { type Diagram, type DiagramInput, type DiagramPalette, diagramSvg, type FillKey } from "./diagram-svg";
import type { Font, MeasureText } from "./wrap-text";

/** Each colour of the palette from the CSS variable (or expression) it comes from. */
const COLOURS: Readonly<Record<Exclude<keyof DiagramPalette, "fills">, string>> = {
  background: "var(--panel)",
  text: "var(--fg)",
  muted: "var(--muted)",
  border: "var(--border)",
  accent: "var(--accent)",
  path: "var(--path)",
  edge: "var(--xy-edge-stroke, var(--xy-edge-stroke-default))",
  link: "var(--link)",
  err: "var(--err)",
};
const FILLS: Readonly<Record<FillKey, string>> = {
  vector: "var(--node-vector)",
  ir: "var(--node-ir)",
  msi: "var(--node-msi)",
  ims: "var(--node-ims)",
  legacy: "var(--node-legacy)",
  device: "var(--node-device)",
  target: "var(--panel)",
};

/**
 * The theme as the canvas shows it now. The variables hold light-dark() pairs that only a used
 * colour resolves, so each is set on a probe inside the canvas and read back computed.
 */
export function readPalette(within: Element): DiagramPalette {
  const probe = document.createElement("span");
  probe.hidden = true;
  within.append(probe);
  const resolve = (expr: string): string => {
    probe.style.color = expr;
    return getComputedStyle(probe).color;
  };
  try {
    return { ...resolveAll(COLOURS, resolve), fills: resolveAll(FILLS, resolve) };
  } finally {
    probe.remove();
  }
}

function resolveAll<K extends string>(exprs: Readonly<Record<K, string>>, resolve: (expr: string) => string) {
  const out: Partial<Record<K, string>> = {};
  for (const [key, expr] of Object.entries(exprs) as [K, string][]) out[key] = resolve(expr);
  return out as Record<K, string>;
}

/** Widths from the browser's own text metrics, in the font the SVG names. */
export function canvasMeasure(fontFamily: string): MeasureText {
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return (text, font) => text.length * font.size * 0.6;
  const cache = new Map<string, number>();
  return (text: string, font: Font) => {
    const key = `${font.weight} ${font.size} ${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${font.weight} ${font.size}px ${fontFamily}`;
      w = ctx.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}

/** The diagram in the page's current theme and font. */
export function pageDiagram(within: Element, input: Pick<DiagramInput, "picture" | "caption" | "world">): Diagram {
  const fontFamily = getComputedStyle(within).fontFamily;
  return diagramSvg({ ...input, palette: readPalette(within), fontFamily, measure: canvasMeasure(fontFamily) });
}

/** Browsers refuse canvases much above 16k pixels a side. */
const MAX_CANVAS_SIDE = 16384;

export interface PngResult {
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

/** The SVG rasterised at `scale` (less if the canvas would be too big for the browser). */
export async function svgToPng(d: Diagram, scale: number): Promise<PngResult> {
  const fit = Math.min(scale, MAX_CANVAS_SIDE / d.width, MAX_CANVAS_SIDE / d.height);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(d.svg)}`;
  try {
    await img.decode();
  } catch {
    // A host serving the page under a stricter policy than index.html's is the likely reason.
    throw new Error("the browser would not draw the SVG as an image (does the page's CSP allow img-src data:?)");
  }
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(d.width * fit);
  canvas.height = Math.floor(d.height * fit);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser cannot draw on a canvas");
  ctx.scale(fit, fit);
  ctx.drawImage(img, 0, 0, d.width, d.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error(`the browser could not encode a ${canvas.width}×${canvas.height} PNG`);
  return { blob, width: canvas.width, height: canvas.height, scale: fit };
}

export function saveSvg(d: Diagram, stem: string): string {
  const name = `${stem}.svg`;
  download(name, new Blob([d.svg], { type: "image/svg+xml" }));
  return name;
}

export async function savePng(d: Diagram, stem: string): Promise<PngResult & { readonly name: string }> {
  const png = await svgToPng(d, 2);
  const name = `${stem}.png`;
  download(name, png.blob);
  return { ...png, name };
}
