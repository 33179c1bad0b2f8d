/**
 * A link between two machines (world.ts), drawn as its own kind of edge: dashed, coloured per kind, red
 * when it cannot deliver. Its label is a button: the kind, and the reason when broken (the whole of it
 * on hover and in the inspector); pressing it selects the link.
 */
import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath, Position } from "@xyflow/react";
import { memo } from "react";
import type { LinkKind, MachineLink } from "../../sim/world";
import { type LabelSlot, LINK_LABEL_WIDTH } from "./world-flow";
import type { LinkBundle } from "./world-picture";

export interface LinkEdgeData extends Record<string, unknown> {
  readonly bundle: LinkBundle;
  /** The link the label speaks for: the lit one, else the first broken one, else the first. */
  readonly link: MachineLink;
  readonly lit: boolean;
  readonly selected: boolean;
  readonly onSelect: (link: MachineLink) => void;
  /** Where its label stands (in the gap between the machines); the edge runs through it. */
  readonly slot?: LabelSlot;
}
export type LinkEdgeType = Edge<LinkEdgeData, "link">;

export const LINK_KIND_WORDS: Record<LinkKind, string> = {
  backs: "backs",
  "peer-copy": "peer's copy",
};

/** The label's words and its accessible name. */
export function linkTitle(b: LinkBundle, link: MachineLink): string {
  const more = b.links.length > 1 ? ` (${b.links.length} links, ${b.broken} broken)` : "";
  return `${link.label}${link.broken ? `. Broken: ${link.broken}` : ""}${more}`;
}

type Ends = Pick<
  EdgeProps<LinkEdgeType>,
  "sourceX" | "sourceY" | "targetX" | "targetY" | "sourcePosition" | "targetPosition"
>;

/** The edge in two curves, source → its label's near side, the far side → target. */
function throughLabel(e: Ends, slot: LabelSlot): { path: string; labelX: number; labelY: number } {
  const half = LINK_LABEL_WIDTH / 2;
  const rightward = e.targetX > e.sourceX;
  const inX = rightward ? slot.x - half : slot.x + half;
  const outX = rightward ? slot.x + half : slot.x - half;
  const [first] = getBezierPath({
    sourceX: e.sourceX,
    sourceY: e.sourceY,
    sourcePosition: e.sourcePosition,
    targetX: inX,
    targetY: slot.y,
    targetPosition: rightward ? Position.Left : Position.Right,
  });
  const [second] = getBezierPath({
    sourceX: outX,
    sourceY: slot.y,
    sourcePosition: rightward ? Position.Right : Position.Left,
    targetX: e.targetX,
    targetY: e.targetY,
    targetPosition: e.targetPosition,
  });
  return { path: `${first} ${second}`, labelX: slot.x, labelY: slot.y };
}

export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  const ends = { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition };
  const [direct, midX, midY] = getBezierPath(ends);
  if (!data) return <BaseEdge id={id} path={direct} markerEnd={markerEnd} />;
  const { bundle, link, lit, selected, onSelect, slot } = data;
  const { path, labelX, labelY } = slot ? throughLabel(ends, slot) : { path: direct, labelX: midX, labelY: midY };
  const count = bundle.links.length > 1 ? ` ×${bundle.links.length}` : "";
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <button
          type="button"
          className={`link-label link-${bundle.kind} nodrag nopan${link.broken ? " link-broken" : ""}${lit ? " link-lit" : ""}${selected ? " link-selected" : ""}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`link-${link.id}`}
          data-kind={bundle.kind}
          data-lit={lit ? "true" : "false"}
          data-broken={link.broken ? "true" : "false"}
          aria-pressed={selected}
          title={linkTitle(bundle, link)}
          aria-label={`link: ${linkTitle(bundle, link)}`}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(link);
          }}
        >
          <span className="link-kind">
            {link.broken ? "✕ " : "⇢ "}
            {LINK_KIND_WORDS[bundle.kind]}
            {count}
          </span>
          {bundle.links.length === 1 && link.to.device !== undefined ? (
            <span className="link-entry">{[link.to.device, link.to.store, link.to.index].join(" ")}</span>
          ) : null}
          {link.broken ? <span className="link-reason">{link.broken}</span> : null}
        </button>
      </EdgeLabelRenderer>
    </>
  );
});
