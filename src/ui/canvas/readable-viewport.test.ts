import { describe, expect, it } from "vitest";
import { readableViewport } from "./readable-viewport";

const limits = { padding: 20, minZoom: 1, maxZoom: 1.6 };
const pane = { width: 1000, height: 600 };

describe("readableViewport", () => {
  it("centres content that fits, as large as the ceiling allows", () => {
    const v = readableViewport({ x: 0, y: 0, width: 400, height: 200 }, pane, limits);
    expect(v.zoom).toBe(1.6);
    expect(v.x + (400 * v.zoom) / 2).toBeCloseTo(500);
    expect(v.y + (200 * v.zoom) / 2).toBeCloseTo(300);
  });

  it("never zooms below the floor, and keeps the top of a tall tree in view", () => {
    const v = readableViewport({ x: 0, y: 100, width: 500, height: 2000 }, pane, limits);
    expect(v.zoom).toBe(1);
    // The content's top edge sits at the padding.
    expect(v.y + 100 * v.zoom).toBe(20);
  });

  it("keeps the focus in the middle of content wider than the pane, with no empty margin at a side", () => {
    const bounds = { x: 0, y: 0, width: 3000, height: 300 };
    const mid = readableViewport(bounds, pane, limits, 1500);
    expect(mid.zoom).toBe(1);
    expect(mid.x + 1500).toBe(500);
    // A focus near the left edge: the content's left edge stops at the padding.
    const left = readableViewport(bounds, pane, limits, 100);
    expect(left.x).toBe(20);
    // Near the right edge: the right edge stops at the pane's width less the padding.
    const right = readableViewport(bounds, pane, limits, 2950);
    expect(right.x + 3000).toBe(980);
  });

  it("zooms between the floor and the ceiling to fit", () => {
    const v = readableViewport({ x: 0, y: 0, width: 800, height: 400 }, pane, limits);
    expect(v.zoom).toBeCloseTo(1.2);
  });
});
