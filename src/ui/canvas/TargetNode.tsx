/**
 * Where the selected irq lands: its CPU and vector (and the previous ones while a move is in flight).
 * Selecting it inspects that CPU.
 */

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { TargetText } from "./node-text";

export interface TargetNodeData extends Record<string, unknown> {
  readonly text: TargetText;
  /** Its CPU is what the inspector shows. */
  readonly selected?: boolean;
}
export type TargetNodeType = Node<TargetNodeData, "target">;

export const TargetNode = memo(function TargetNode({ data }: NodeProps<TargetNodeType>) {
  const { text, selected } = data;
  return (
    <div className={`node node-target on-path${selected ? " node-selected" : ""}`} data-testid="node-target">
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-title">
        <span className="node-name">{text.title}</span>
        <span className="node-kind">{text.subtitle}</span>
      </div>
      <div className="node-detail">{text.detail}</div>
      {text.previous ? <div className="node-flags">{text.previous}</div> : null}
    </div>
  );
});
