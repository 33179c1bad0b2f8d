/**
 * Presentation mode's fit: the largest zoom between a floor (the zoom at which text is readable) and a
 * ceiling that shows `bounds` in the pane. When even the floor is too large for the content, the view
 * stays readable and shows its most important part: the top (VECTOR, where every path ends) and the
 * focus (the root, or the selection) in the middle, without leaving an empty margin at either side.
 * React Flow's fitView would centre the bounds and cut the root off a tall tree.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface FitLimits {
  /** Kept free on every side of the pane, in screen px. */
  readonly padding: number;
  readonly minZoom: number;
  readonly maxZoom: number;
}

export function readableViewport(
  bounds: Box,
  pane: { readonly width: number; readonly height: number },
  limits: FitLimits,
  /** The flow x to keep in the middle when the content is wider than the pane (the root's centre). */
  focusX: number = bounds.x + bounds.width / 2,
): Viewport {
  const { padding, minZoom, maxZoom } = limits;
  const roomW = Math.max(1, pane.width - 2 * padding);
  const roomH = Math.max(1, pane.height - 2 * padding);
  const fit = Math.min(roomW / Math.max(1, bounds.width), roomH / Math.max(1, bounds.height));
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  const w = bounds.width * zoom;
  const h = bounds.height * zoom;
  let x: number;
  if (w <= roomW) {
    x = padding + (roomW - w) / 2 - bounds.x * zoom;
  } else {
    const centred = pane.width / 2 - focusX * zoom;
    const leftmost = padding - bounds.x * zoom;
    const rightmost = pane.width - padding - (bounds.x + bounds.width) * zoom;
    x = Math.min(leftmost, Math.max(rightmost, centred));
  }
  const y = h <= roomH ? padding + (roomH - h) / 2 - bounds.y * zoom : padding - bounds.y * zoom;
  return { x, y, zoom };
}
