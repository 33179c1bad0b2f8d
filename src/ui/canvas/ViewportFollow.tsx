/** How the canvas's viewport follows what changes: the selected irq's path, a fold and its new layout. */
import { useReactFlow } from "@xyflow/react";
import { type RefObject, useEffect } from "react";
import { type Pane, useRoomFit } from "./RoomView";

/** How the viewport follows the next layout: keep a toggled node where it was, or fit the new tree. */
export type ViewRequest =
  | { readonly kind: "keep"; readonly id: string; readonly x: number; readonly y: number }
  | { readonly kind: "fit" };

/** Brings the selected irq's path into view: from its device up to its CPU (readably in a room: `room`). */
export function FitPath({ ids, room }: { ids: string; room?: Pane | undefined }) {
  const flow = useReactFlow();
  const roomFit = useRoomFit(room ?? NO_PANE);
  useEffect(() => {
    if (!ids) return;
    const nodes = ids.split("|").map((id) => ({ id }));
    // After React Flow has measured the nodes of this render.
    const t = setTimeout(
      () =>
        room
          ? roomFit(nodes.map((n) => n.id))
          : void flow.fitView({ nodes, padding: 0.25, maxZoom: 1.1, duration: 300 }),
      50,
    );
    return () => clearTimeout(t);
  }, [ids, flow, room, roomFit]);
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
      const t = setTimeout(() => (room ? roomFit() : void flow.fitView({ padding: 0.12, duration: 300 })), 50);
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
