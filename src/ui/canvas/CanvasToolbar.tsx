/**
 * Above the canvas: fold the devices away or open everything, show only the selected path; export the
 * whole diagram as SVG or PNG; in presentation mode the zoom buttons (RoomView.tsx puts them in the slot).
 */
import { type RefObject, useState } from "react";
import type { DiagramWorld } from "../export/diagram-world";
import { fileStem } from "../export/file-stem";
import { loadExport } from "../lazy/lazy-views";
import { usePresentation } from "../present/presentation";
import type { CanvasPicture } from "./picture";

interface Props {
  readonly picture: CanvasPicture;
  /** The machines' frames and links, when the canvas draws a world. */
  readonly world: DiagramWorld | undefined;
  /** Lines naming the machine, on top of the exported picture. */
  readonly caption: readonly string[];
  /** The React Flow element: the theme is read where the canvas draws. */
  readonly flow: RefObject<HTMLDivElement | null>;
  readonly canExpand: boolean;
  readonly onCollapseDevices: () => void;
  readonly onExpandAll: () => void;
  /** Where presentation mode's zoom buttons go (absent: React Flow's own controls are on the canvas). */
  readonly zoomSlot?: ((el: HTMLElement | null) => void) | undefined;
}

export function CanvasToolbar({
  picture,
  world,
  caption,
  flow,
  canExpand,
  onCollapseDevices,
  onExpandAll,
  zoomSlot,
}: Props) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const pathOnly = usePresentation((s) => s.pathOnly);
  const setPathOnly = usePresentation((s) => s.setPathOnly);
  const stem = fileStem(caption[0] ?? "");

  const exportAs = async (format: "svg" | "png") => {
    const el = flow.current;
    if (!el) return;
    try {
      const { pageDiagram, savePng, saveSvg } = await loadExport();
      const d = pageDiagram(el, { picture, caption, ...(world ? { world } : {}) });
      if (format === "svg") {
        setStatus({ ok: true, text: `saved ${saveSvg(d, stem)} (${d.width}×${d.height})` });
      } else {
        const png = await savePng(d, stem);
        const scale = png.scale < 2 ? `, ${png.scale.toFixed(2)}×: the browser's largest canvas` : "";
        setStatus({ ok: true, text: `saved ${png.name} (${png.width}×${png.height} px${scale})` });
      }
    } catch (e) {
      setStatus({ ok: false, text: `could not export: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="diagram">
      <button
        type="button"
        onClick={onCollapseDevices}
        title="Collapse every domain whose children are all devices"
        data-testid="collapse-devices"
      >
        Collapse devices
      </button>
      <button type="button" onClick={onExpandAll} disabled={!canExpand} data-testid="expand-all">
        Expand all
      </button>
      <button
        type="button"
        aria-pressed={pathOnly}
        onClick={() => setPathOnly(!pathOnly)}
        title="Show only what the selection goes through: an irq's path from its device entry to VECTOR, or a node's ancestors and children"
        data-testid="path-only"
      >
        Only the selected path
      </button>
      {zoomSlot ? <span className="room-zoom" ref={zoomSlot} /> : null}
      <span className={status?.ok === false ? "export-status err" : "export-status"} role="status" title={status?.text}>
        {status?.text}
      </span>
      <button
        type="button"
        onClick={() => void exportAs("svg")}
        title={`Download the whole diagram as ${stem}.svg`}
        data-testid="export-svg"
      >
        Export SVG
      </button>
      <button
        type="button"
        onClick={() => void exportAs("png")}
        title={`Download the whole diagram as ${stem}.png (2× scale)`}
        data-testid="export-png"
      >
        Export PNG
      </button>
    </div>
  );
}
