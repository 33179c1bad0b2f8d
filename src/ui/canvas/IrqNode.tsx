/** The selected irq at the top of its hierarchy: here the device side of a VECTOR-level irq. */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useSim } from "../store";

export type IrqNodeType = Node<{ irq: number }, "irq">;

export const IrqNode = memo(function IrqNode({ data }: NodeProps<IrqNodeType>) {
  const row = useSim((s) => s.view?.irqs.find((r) => r.irq === data.irq));
  if (!row) return null;
  return (
    <div className={`node node-irq state-${row.state}`} data-testid="node-irq">
      <div className="node-title">
        irq {row.irq} <span className="node-kind">{row.device}</span>
      </div>
      <div className="node-line">
        {row.kind}
        {row.actions ? ` · ${row.actions}` : " · not requested"}
      </div>
      <div className="node-line mono">
        → {row.hwVector === 0xef ? "0xef (parked)" : `vector ${row.hwVector}`} @ CPU {row.hwCpu}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
