/**
 * Where the selected irq lands: its CPU and vector (and the previous ones while a move is in flight).
 * Selecting it inspects that CPU.
 */

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { hex } from "../../kernel/arch/x86/bitfield";
import type { TargetView } from "../../sim/irq-detail";

export interface TargetNodeData extends Record<string, unknown> {
  readonly irq: number;
  readonly target: TargetView;
  /** Its CPU is what the inspector shows. */
  readonly selected?: boolean;
}
export type TargetNodeType = Node<TargetNodeData, "target">;

export const TargetNode = memo(function TargetNode({ data }: NodeProps<TargetNodeType>) {
  const { irq, target, selected } = data;
  const parked = target.vector === 0xef && !target.started;
  return (
    <div className={`node node-target on-path${selected ? " node-selected" : ""}`} data-testid="node-target">
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-title">
        <span className="node-name">
          {target.vector < 0 ? "no vector" : `CPU ${target.cpu} · vector ${hex(target.vector)}`}
        </span>
        <span className="node-kind">irq {irq}</span>
      </div>
      <div className="node-detail">
        {target.vector < 0
          ? "shut down or not activated"
          : parked
            ? "parked on MANAGED_IRQ_SHUTDOWN_VECTOR until request_irq()"
            : `${target.count} interrupt${target.count === 1 ? "" : "s"} handled`}
      </div>
      {target.prevVector > 0 ? (
        <div className="node-flags">
          previous: CPU {target.prevCpu} · vector {hex(target.prevVector)}
        </div>
      ) : null}
    </div>
  );
});
