/** The VECTOR domain: the root of every x86 irq hierarchy, with the matrix's global counters. */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../store";

export type VectorDomainNodeType = Node<Record<string, never>, "vectorDomain">;

export const VectorDomainNode = memo(function VectorDomainNode(_: NodeProps<VectorDomainNodeType>) {
  const m = useSim(useShallow((s) => s.view?.matrix));
  const mapped = useSim((s) => s.view?.irqTotal ?? 0);
  if (!m) return null;
  return (
    <div className="node node-vector" data-testid="node-VECTOR">
      <div className="node-title">
        VECTOR <span className="node-kind">x86 vector domain</span>
      </div>
      <dl className="node-stats">
        <dt>online bitmaps</dt>
        <dd data-testid="vector-online-maps">{m.onlineMaps}</dd>
        <dt>global available</dt>
        <dd data-testid="vector-global-available">{m.globalAvailable}</dd>
        <dt>global reserved</dt>
        <dd>{m.globalReserved}</dd>
        <dt>total allocated</dt>
        <dd data-testid="vector-total-allocated">{m.totalAllocated}</dd>
        <dt>mapped</dt>
        <dd>{mapped}</dd>
      </dl>
      <div className="node-flags">
        window [{m.window[0]}, {m.window[1]}) · HIERARCHY
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
