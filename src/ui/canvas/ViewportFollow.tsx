/** How the viewport follows what changes: the selected irq's path, a fold and its new layout. */
import { useReactFlow, useStore } from "@xyflow/react";
import { type RefObject, useEffect, useRef } from "react";
import { type Pane, useRoomFit } from "./RoomView";

/** Fits closer together than this are a run of steps: the camera jumps instead of gliding each time. */
const QUICK_MS = 700;
const GLIDE_MS = 300;

function reducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** How the viewport follows the next layout: keep a toggled node where it was, or fit the new tree. */
export type ViewRequest =
  | { readonly kind: "keep"; readonly id: string; readonly x: number; readonly y: number }
  | { readonly kind: "fit" };

/**
 * Brings the selected irq's path into view: from its device up to its CPU (readably in a room: `room`).
 * A path already on screen leaves the camera where it is (stepping through a script keeps the picture
 * still); one that is not glides into view, or jumps there when the fits come in a quick run or the
 * user asks for less motion (each glide redraws the canvas for its whole length).
 */
export function FitPath({ ids, room }: { ids: string; room?: Pane | undefined }) {
  const flow = useReactFlow();
  const roomFit = useRoomFit(room ?? NO_PANE);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const lastFit = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (!ids) return;
    const nodes = ids.split("|").map((id) => ({ id }));
    // After React Flow has measured the nodes of this render.
    const t = setTimeout(() => {
      if (room) return roomFit(nodes.map((n) => n.id));
      const b = flow.getNodesBounds(nodes.map((n) => n.id));
      const { x, y, zoom } = flow.getViewport();
      const shown =
        b.width > 0 &&
        b.x * zoom + x >= 0 &&
        b.y * zoom + y >= 0 &&
        (b.x + b.width) * zoom + x <= width &&
        (b.y + b.height) * zoom + y <= height;
      if (shown) return;
      const now = performance.now();
      const quick = now - lastFit.current < QUICK_MS || reducedMotion();
      lastFit.current = now;
      void flow.fitView({ nodes, padding: 0.25, maxZoom: 1.1, duration: quick ? 0 : GLIDE_MS });
    }, 50);
    return () => clearTimeout(t);
  }, [ids, flow, room, roomFit, width, height]);
  return null;
}

const NO_PANE: Pane = { current: null };

/**
 * Applies the pending view request once the new layout arrives (`positions`: every node where it is
 * drawn, its machine's frame offset included).
 */
export function KeepInView({
  request,
  positions,
  room,
}: {
  request: RefObject<ViewRequest | undefined>;
  positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
  /** Presentation mode's pane: a fit is a readable one. */
  room?: Pane | undefined;
}) {
  const flow = useReactFlow();
  const roomFit = useRoomFit(room ?? NO_PANE);
  useEffect(() => {
    const r = request.current;
    if (!r || positions.size === 0) return;
    request.current = undefined;
    if (r.kind === "fit") {
      const t = setTimeout(
        () => (room ? roomFit() : void flow.fitView({ padding: 0.12, duration: reducedMotion() ? 0 : GLIDE_MS })),
        50,
      );
      return () => clearTimeout(t);
    }
    const n = positions.get(r.id);
    if (!n) return;
    // The toggled node stays under the pointer (or the focus) while the tree re-flows around it.
    const vp = flow.getViewport();
    void flow.setViewport({ x: vp.x - (n.x - r.x) * vp.zoom, y: vp.y - (n.y - r.y) * vp.zoom, zoom: vp.zoom });
  }, [positions, flow, request, room, roomFit]);
  return null;
}
