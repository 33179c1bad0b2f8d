/** One CPU's vector space under the VECTOR domain: its debugfs counts at a glance. */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useSim } from "../store";

export type CpuNodeType = Node<{ cpu: number }, "cpu">;

export const CpuNode = memo(function CpuNode({ data }: NodeProps<CpuNodeType>) {
  const row = useSim((s) => s.view?.cpus[data.cpu]);
  const window = useSim((s) => s.view?.matrix.window);
  if (!row || !window) return null;
  const size = window[1] - window[0];
  const used = size - row.avl;
  return (
    <div className={`node node-cpu${row.online ? "" : " offline"}`} data-testid={`node-cpu-${row.cpu}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="node-title">CPU {row.cpu}</div>
      {row.online ? (
        <>
          <div className="cpu-bar" role="img" aria-label={`${used} of ${size} vector slots in use`}>
            <div className="cpu-bar-fill" style={{ width: `${(100 * used) / size}%` }} />
          </div>
          <div className="node-line">
            avl {row.avl} · act {row.act}
          </div>
          {row.cleanupQueued ? (
            <div className="node-line cleanup" data-testid={`cpu-cleanup-${row.cpu}`}>
              {row.cleanupQueued} to clean up{row.timerExpires >= 0 ? ` @ jiffy ${row.timerExpires}` : ""}
            </div>
          ) : null}
        </>
      ) : (
        <div className="node-line">offline</div>
      )}
    </div>
  );
});
