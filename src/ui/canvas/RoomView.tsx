/**
 * The canvas in presentation mode (present/presentation.ts): the zoom buttons move into the toolbar,
 * so nothing is drawn over the nodes; the view follows a selected node; devices are folded when the
 * mode starts and when another machine loads; the view fits again when the cut ("only the selected
 * path") changes. React Flow keeps the zoom at or above PRESENT_MIN_ZOOM (its minZoom), which every
 * fit respects.
 */
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import { createPortal } from "react-dom";
import type { DomainTreeView } from "../../sim/domain-tree";
import { PRESENT_MAX_ZOOM, PRESENT_MIN_ZOOM } from "../present/presentation";
import { useIrqStore } from "../store-context";
import { foldDevices } from "./fold";
import { readableViewport } from "./readable-viewport";

const MOVE_MS = 300;
/** How many frames a fit waits for new nodes to be measured. */
const MEASURE_FRAMES = 30;
const ROOM_LIMITS = { padding: 24, minZoom: PRESENT_MIN_ZOOM, maxZoom: PRESENT_MAX_ZOOM };

/** The pane React Flow draws in (its size is what a fit fills). */
export type Pane = RefObject<HTMLDivElement | null>;

/**
 * Fits `ids` (default: every node) readably: never below the zoom floor, the top kept in view and,
 * for the whole tree, VECTOR in the middle (readable-viewport.ts).
 */
export function useRoomFit(pane: Pane): (ids?: readonly string[]) => void {
  const flow = useReactFlow();
  return useCallback(
    function fitReadable(ids?: readonly string[], frames = MEASURE_FRAMES) {
      const el = pane.current;
      const all = flow.getNodes();
      const nodes = ids ? all.filter((n) => ids.includes(n.id)) : all;
      if (!el || nodes.length === 0) return;
      // A node a fold just opened is not measured yet, and in a room it is taller than its layout box.
      if (frames > 0 && (nodes.length < (ids?.length ?? 0) || nodes.some((n) => !n.measured?.height))) {
        requestAnimationFrame(() => fitReadable(ids, frames - 1));
        return;
      }
      const root = ids ? undefined : all.find((n) => n.id.endsWith("/domain:VECTOR"));
      const focus = root ? root.position.x + (root.measured?.width ?? root.initialWidth ?? 0) / 2 : undefined;
      const size = { width: el.clientWidth, height: el.clientHeight };
      const bounds = flow.getNodesBounds(nodes);
      void flow.setViewport(readableViewport(bounds, size, ROOM_LIMITS, focus), { duration: MOVE_MS });
    },
    [flow, pane],
  );
}

/** Presentation mode's first fit (once the nodes are measured) and a fit again when `cut` changes. */
export function RoomFit({ pane, cut }: { pane: Pane; cut: string }) {
  const fitRoom = useRoomFit(pane);
  const measured = useNodesInitialized();
  const fitted = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!measured || fitted.current === cut) return;
    fitted.current = cut;
    const t = setTimeout(() => fitRoom(), 50);
    return () => clearTimeout(t);
  }, [measured, cut, fitRoom]);
  return null;
}

/** Zoom in, out and fit, rendered into the toolbar's slot (a portal keeps React Flow's context). */
export function RoomZoom({ slot, pane }: { slot: HTMLElement | null; pane: Pane }) {
  const flow = useReactFlow();
  const fitRoom = useRoomFit(pane);
  if (!slot) return null;
  return createPortal(
    <>
      <button
        type="button"
        onClick={() => void flow.zoomIn({ duration: MOVE_MS })}
        title="Zoom in"
        aria-label="zoom in"
      >
        +
      </button>
      <button
        type="button"
        onClick={() => void flow.zoomOut({ duration: MOVE_MS })}
        title="Zoom out (never below readable text)"
        aria-label="zoom out"
      >
        −
      </button>
      <button type="button" onClick={() => fitRoom()} title="Fit what is shown" data-testid="room-fit">
        Fit
      </button>
    </>,
    slot,
  );
}

/** Centres the selected node (a click, Enter on a focused node, a link elsewhere) at the current zoom. */
export function FollowNode({ id }: { id: string | undefined }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!id) return;
    // After React Flow has measured the nodes of this render.
    const t = setTimeout(() => {
      const zoom = flow.getZoom();
      void flow.fitView({ nodes: [{ id }], minZoom: zoom, maxZoom: zoom, duration: MOVE_MS });
    }, 50);
    return () => clearTimeout(t);
  }, [id, flow]);
  return null;
}

/** Fits the view again when `cut` changes (not at the first render: React Flow's own fitView does that). */
export function RefitOn({ cut }: { cut: string }) {
  const flow = useReactFlow();
  const last = useRef(cut);
  useEffect(() => {
    if (last.current === cut) return;
    last.current = cut;
    const t = setTimeout(() => void flow.fitView({ duration: MOVE_MS }), 50);
    return () => clearTimeout(t);
  }, [cut, flow]);
  return null;
}

/** Folds the devices away when presentation mode starts and when another machine loads during it. */
export function useRoomFold(tree: DomainTreeView | undefined, presenting: boolean, machineKey: string): void {
  const collapsed = useIrqStore((s) => s.collapsed);
  const setCollapsed = useIrqStore((s) => s.setCollapsed);
  const folded = useRef("");
  useEffect(() => {
    if (!presenting) {
      folded.current = "";
      return;
    }
    if (!tree || folded.current === machineKey) return;
    folded.current = machineKey;
    const next = foldDevices(tree, collapsed);
    if (next.length !== collapsed.length) void setCollapsed(next);
  }, [tree, presenting, machineKey, collapsed, setCollapsed]);
}
