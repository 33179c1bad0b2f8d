/**
 * Every CPU's 256 vectors on one canvas, a cell per (CPU, vector) coloured by class. The cells are
 * as wide as the panel allows (at least one pixel) and at least one pixel tall, so 256 CPUs still fit.
 * The colours come from the legend's swatches (CSS), so the canvas follows the theme.
 */
import { type KeyboardEvent, type PointerEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { NR_VECTORS_PER_CPU, VECTOR_CLASS, VECTOR_CLASS_NAMES } from "../../sim/vector-classes";
import { Term } from "../glossary/Term";
import { useIrqStore } from "../store-context";
import { useWorkerQuery } from "./useWorkerQuery";

/** Room for the CPU labels on the left and the vector labels on top, in CSS pixels. */
const LEFT = 52;
const TOP = 16;
const MAX_CELL_H = 20;

interface Cell {
  readonly cpu: number;
  readonly v: number;
}

const hex2 = (v: number): string => `0x${v.toString(16).padStart(2, "0")}`;

/** Redraws when the theme changes: the OS preference or the page's data-theme attribute. */
function useThemeVersion(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const bump = () => setN((x) => x + 1);
    const mo = new MutationObserver(bump);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    mq.addEventListener("change", bump);
    return () => {
      mo.disconnect();
      mq.removeEventListener("change", bump);
    };
  }, []);
  return n;
}

/** Every cell in its class's colour (taken from the legend's swatches), and the axis labels. */
function drawBase(
  ctx: CanvasRenderingContext2D,
  data: { readonly cpus: number; readonly classes: Uint8Array },
  cellW: number,
  cellH: number,
  text: string,
  legend: HTMLElement | null,
): void {
  const swatches = [...(legend?.querySelectorAll<HTMLElement>("[data-heat-class]") ?? [])];
  const colours = swatches.map((s) => getComputedStyle(s).backgroundColor);
  // Cells big enough get a one-pixel gap, so neighbours stay apart.
  const gapW = cellW >= 4 ? 1 : 0;
  const gapH = cellH >= 4 ? 1 : 0;
  // One path per class: a few fills instead of 65,536.
  for (let k = 0; k < colours.length; k++) {
    ctx.beginPath();
    for (let cpu = 0; cpu < data.cpus; cpu++) {
      const row = cpu * NR_VECTORS_PER_CPU;
      for (let v = 0; v < NR_VECTORS_PER_CPU; v++) {
        if (data.classes[row + v] === k) ctx.rect(LEFT + v * cellW, TOP + cpu * cellH, cellW - gapW, cellH - gapH);
      }
    }
    ctx.fillStyle = colours[k] ?? "#888";
    ctx.fill();
  }
  ctx.fillStyle = text;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  // Vector labels every 0x10, 0x20 or 0x40, as the width allows.
  const vStep = [0x10, 0x20, 0x40, 0x80].find((s) => s * cellW >= 34) ?? 0x80;
  ctx.textAlign = "left";
  for (let v = 0; v < NR_VECTORS_PER_CPU; v += vStep) ctx.fillText(hex2(v), LEFT + v * cellW, TOP / 2);
  // CPU labels on every row that has room, else on every 2nd, 4th, 8th … row.
  const cStep = [1, 2, 4, 8, 16, 32, 64].find((s) => s * cellH >= 12) ?? 64;
  ctx.textAlign = "right";
  for (let cpu = 0; cpu < data.cpus; cpu += cStep) ctx.fillText(`CPU ${cpu}`, LEFT - 6, TOP + cpu * cellH + cellH / 2);
}

export function VectorHeatmap() {
  const { data, error, pending } = useWorkerQuery("vectors", (api) => api.vectorMatrix());
  const selected = useIrqStore((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const select = useIrqStore((s) => s.select);
  const theme = useThemeVersion();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const legend = useRef<HTMLUListElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [hover, setHover] = useState<Cell | undefined>(undefined);
  const [cursor, setCursor] = useState<Cell>({ cpu: 0, v: 0x20 });
  const [focused, setFocused] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cpus = data?.cpus ?? 0;
  const cellW = Math.max(1, Math.floor((size.w - LEFT - 4) / NR_VECTORS_PER_CPU));
  const cellH = cpus > 0 ? Math.max(1, Math.min(MAX_CELL_H, Math.floor((size.h - TOP - 4) / cpus))) : 1;
  const width = LEFT + NR_VECTORS_PER_CPU * cellW;
  const height = TOP + cpus * cellH;

  const counts = useMemo(() => {
    const out = new Array<number>(VECTOR_CLASS_NAMES.length).fill(0);
    for (const k of data?.classes ?? []) out[k] = (out[k] ?? 0) + 1;
    return out;
  }, [data]);

  const at = (c: Cell): { cls: number; irq: number } => {
    const i = c.cpu * NR_VECTORS_PER_CPU + c.v;
    return { cls: data?.classes[i] ?? 0, irq: data?.irqs[i] ?? -1 };
  };

  // The cells and labels, drawn once per answer, size and theme; hover and selection are drawn over a copy.
  const base = useRef<{ key: readonly unknown[]; canvas: HTMLCanvasElement } | undefined>(undefined);

  useEffect(() => {
    const cv = canvas.current;
    const ctx = cv?.getContext("2d");
    if (!cv || !ctx || !data) return;
    const dpr = window.devicePixelRatio || 1;
    const style = getComputedStyle(cv);
    const key = [data, width, height, dpr, theme];
    if (!base.current || base.current.key.some((k, i) => k !== key[i])) {
      const off = document.createElement("canvas");
      off.width = Math.round(width * dpr);
      off.height = Math.round(height * dpr);
      const octx = off.getContext("2d");
      if (!octx) return;
      octx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawBase(octx, data, cellW, cellH, style.color, legend.current);
      base.current = { key, canvas: off };
    }
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (cv.width !== w || cv.height !== h) {
      cv.width = w;
      cv.height = h;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(base.current.canvas, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const outline = (c: Cell, colour: string, w: number) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = w;
      ctx.strokeRect(LEFT + c.v * cellW - w / 2, TOP + c.cpu * cellH - w / 2, cellW + w, cellH + w);
    };
    // The selected irq's vectors (current and previous) are ringed in the accent colour.
    const ring = legend.current?.querySelector<HTMLElement>("[data-heat-ring]");
    const accent = ring ? getComputedStyle(ring).borderTopColor : style.color;
    if (selected !== undefined) {
      for (let i = 0; i < data.irqs.length; i++) {
        if (data.irqs[i] !== selected) continue;
        outline({ cpu: Math.floor(i / NR_VECTORS_PER_CPU), v: i % NR_VECTORS_PER_CPU }, accent, 2);
      }
    }
    if (hover) outline(hover, style.color, 1);
    else if (focused) outline(cursor, style.color, 1);
  }, [data, width, height, cellW, cellH, selected, hover, cursor, focused, theme]);

  // Pointer events carry fractional coordinates (mouse events are whole pixels), which one-pixel rows need.
  const cellAt = (e: PointerEvent<HTMLCanvasElement>): Cell | undefined => {
    const r = e.currentTarget.getBoundingClientRect();
    const v = Math.floor((e.clientX - r.left - LEFT) / cellW);
    const cpu = Math.floor((e.clientY - r.top - TOP) / cellH);
    if (v < 0 || v >= NR_VECTORS_PER_CPU || cpu < 0 || cpu >= cpus) return undefined;
    return { cpu, v };
  };

  /** The CPU whose row label (left of the cells) is under the pointer. */
  const labelRowAt = (e: PointerEvent<HTMLCanvasElement>): number | undefined => {
    const r = e.currentTarget.getBoundingClientRect();
    const cpu = Math.floor((e.clientY - r.top - TOP) / cellH);
    return e.clientX - r.left < LEFT && cpu >= 0 && cpu < cpus ? cpu : undefined;
  };

  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const step = e.shiftKey ? 16 : 1;
    const moves: Record<string, Cell> = {
      ArrowLeft: { cpu: cursor.cpu, v: cursor.v - step },
      ArrowRight: { cpu: cursor.cpu, v: cursor.v + step },
      ArrowUp: { cpu: cursor.cpu - step, v: cursor.v },
      ArrowDown: { cpu: cursor.cpu + step, v: cursor.v },
    };
    const next = moves[e.key];
    if (next) {
      e.preventDefault();
      setHover(undefined);
      setCursor({
        cpu: Math.max(0, Math.min(cpus - 1, next.cpu)),
        v: Math.max(0, Math.min(NR_VECTORS_PER_CPU - 1, next.v)),
      });
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const { irq } = at(cursor);
      if (irq >= 0) void select({ kind: "irq", irq });
    } else if (e.key === "c" || e.key === "C") {
      e.preventDefault();
      void select({ kind: "cpu", cpu: cursor.cpu });
    }
  };

  const shown = hover ?? (focused ? cursor : undefined);
  let line =
    "Point at a cell (or focus the map and use the arrow keys); click a cell with an irq to select it, a CPU label (or press C) to inspect the CPU.";
  if (shown && data) {
    const { cls, irq } = at(shown);
    line = `CPU ${shown.cpu} vector ${hex2(shown.v)}: ${VECTOR_CLASS_NAMES[cls] ?? "?"}${irq >= 0 ? `, irq ${irq}` : ""}`;
  }

  return (
    <div className="heat-wrap" data-testid="vector-heatmap" aria-busy={pending}>
      <ul className="heat-legend" ref={legend} aria-label="legend">
        {VECTOR_CLASS_NAMES.map((name, k) => (
          <li key={name}>
            <span className={`heat-swatch heat-c${k}`} data-heat-class={k} />
            <Term word={name} />{" "}
            <span className="muted" title={k === VECTOR_CLASS.offline ? "offline CPUs" : "cells of this class"}>
              {k === VECTOR_CLASS.offline ? (counts[k] ?? 0) / NR_VECTORS_PER_CPU : (counts[k] ?? 0)}
            </span>
          </li>
        ))}
        <li>
          <span className="heat-swatch heat-ring" data-heat-ring />
          the selected irq{selected === undefined ? "" : ` (${selected})`}
        </li>
        {error ? <li className="err">{error}</li> : null}
      </ul>
      <div className="heat-box" ref={box}>
        {data ? (
          <canvas
            ref={canvas}
            className="heat-canvas"
            style={{ width, height }}
            tabIndex={0}
            aria-label={`vector map: ${cpus} CPUs × 256 vectors; arrow keys move, Enter selects the irq, C inspects the CPU`}
            aria-describedby="heat-line"
            data-testid="heatmap-canvas"
            data-left={LEFT}
            data-top={TOP}
            data-cell-w={cellW}
            data-cell-h={cellH}
            onPointerMove={(e) => setHover(cellAt(e))}
            onPointerLeave={() => setHover(undefined)}
            onPointerDown={(e) => {
              if (e.button !== 0) return;
              const row = labelRowAt(e);
              if (row !== undefined) {
                void select({ kind: "cpu", cpu: row });
                return;
              }
              const c = cellAt(e);
              if (!c) return;
              setCursor(c);
              const { irq } = at(c);
              if (irq >= 0) void select({ kind: "irq", irq });
            }}
            onKeyDown={onKey}
            onFocus={() => setFocused(true)}
            onBlur={() => setFocused(false)}
          />
        ) : null}
      </div>
      <p className="heat-line mono" id="heat-line" aria-live="polite" data-testid="heatmap-line">
        {line}
      </p>
    </div>
  );
}
