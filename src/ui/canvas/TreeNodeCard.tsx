/** One domain or device of the hierarchy: name, kind, mapped/size, flags; lit when on the selected irq's path. */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { TreeNode, TreeNodeKind } from "../../sim/domain-tree";

export interface TreeNodeData extends Record<string, unknown> {
  readonly node: TreeNode;
  readonly onPath: boolean;
  readonly selected: boolean;
  /** Changed by the last operation: marked for a moment. */
  readonly touched: boolean;
  /** What the selected irq uses at this node ("IRTE 18", "MSI-X entry 3"). */
  readonly pathNote?: string;
}
export type TreeNodeType = Node<TreeNodeData, "tree">;

const KIND_TEXT: Record<TreeNodeKind, string> = {
  vector: "x86 vector domain",
  ir: "interrupt remapping",
  ioapic: "IO-APIC",
  hpet: "HPET-MSI",
  "dmar-msi": "DMAR fault MSI",
  "pci-msi": "PCI MSI",
  "pci-msix": "PCI MSI-X",
  ims: "IMS",
  device: "device",
};

export function kindText(kind: TreeNodeKind): string {
  return KIND_TEXT[kind];
}

export const TreeNodeCard = memo(function TreeNodeCard({ data }: NodeProps<TreeNodeType>) {
  const { node, onPath, selected, touched, pathNote } = data;
  const isDevice = node.kind === "device";
  return (
    <div
      className={`node node-${node.kind}${onPath ? " on-path" : ""}${selected ? " node-selected" : ""}${touched ? " node-touched" : ""}`}
      data-testid={`node-${node.label}`}
    >
      {node.parent !== undefined ? <Handle type="target" position={Position.Top} isConnectable={false} /> : null}
      <div className="node-title">
        <span className="node-name">{node.label}</span>
        <span className="node-kind">{isDevice ? (node.bdf ?? "platform") : kindText(node.kind)}</span>
      </div>
      <div className="node-detail">{node.detail}</div>
      {isDevice && node.stores ? (
        <ul className="node-stores">
          {node.stores.map((s) => (
            <li key={s.kind}>
              <span className="store-kind">{s.kind}</span> {s.used}/{s.slots}
              {s.masked ? <span className="muted"> · {s.masked} masked</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <div className="node-flags">
          mapped {node.mapped}
          {node.size ? ` / ${node.size}` : ""}
          {node.flags.length ? ` · ${node.flags.join(" ")}` : ""}
        </div>
      )}
      {pathNote ? (
        <div className="path-note" data-testid={`path-note-${node.label}`}>
          {pathNote}
        </div>
      ) : null}
      {isDevice ? null : <Handle type="source" position={Position.Bottom} isConnectable={false} />}
      {node.kind === "vector" ? (
        <Handle id="cpu" type="source" position={Position.Right} isConnectable={false} />
      ) : null}
    </div>
  );
});
