/**
 * One domain or device of the hierarchy: name, kind, mapped/size, flags; lit when on the selected irq's
 * path. A node with children has a collapse toggle; collapsed, it says what it hides.
 */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { TreeNode } from "../../sim/domain-tree";
import { flagsLine, foldText, nodeSubtitle, toggleLabel } from "./node-text";
import { WriteMarkView } from "./WriteMarkView";
import { type LinkSide, sidePosition } from "./world-flow";
import type { WriteMark } from "./write-marks";

export interface TreeNodeData extends Record<string, unknown> {
  readonly node: TreeNode;
  readonly onPath: boolean;
  readonly selected: boolean;
  /** Changed by the last operation (or, collapsed, something it hides was), until the next one. */
  readonly changed: boolean;
  /** The same, marked for the eye for a moment. */
  readonly touched: boolean;
  /** What the selected irq uses at this node ("IRTE 18", "MSI-X entry 3"). */
  readonly pathNote?: string;
  /** What the last operation wrote here (the device's entries, the IR unit's IRTEs), until the next one. */
  readonly write?: WriteMark;
  /** Collapses or expands the node's subtree. */
  readonly onToggle: (node: TreeNode) => void;
  /** An end of links to another machine: the side they leave from (world-flow.ts). */
  readonly linkSide?: LinkSide;
}
export type TreeNodeType = Node<TreeNodeData, "tree">;

export const TreeNodeCard = memo(function TreeNodeCard({ data }: NodeProps<TreeNodeType>) {
  const { node, onPath, selected, changed, touched, pathNote, write, onToggle, linkSide } = data;
  const isDevice = node.kind === "device";
  return (
    <div
      className={`node node-${node.kind}${onPath ? " on-path" : ""}${selected ? " node-selected" : ""}${touched ? " node-touched" : ""}${node.collapsed ? " node-collapsed" : ""}${write ? ` node-written node-written-${write.kind}` : ""}${node.how === "inferred" ? " node-inferred" : ""}`}
      data-testid={`node-${node.label}`}
      data-changed={changed ? "true" : undefined}
      data-lit={onPath ? "true" : undefined}
    >
      {node.parent !== undefined ? <Handle type="target" position={Position.Top} isConnectable={false} /> : null}
      {node.children > 0 ? (
        // nokey/nodrag/nopan: React Flow leaves its keys and clicks to the button.
        <button
          type="button"
          className="node-toggle nokey nodrag nopan"
          aria-expanded={!node.collapsed}
          aria-label={toggleLabel(node)}
          title={toggleLabel(node)}
          data-testid={`toggle-${node.label}`}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node);
          }}
        >
          <span aria-hidden="true">{node.collapsed ? "▸" : "▾"}</span>
        </button>
      ) : null}
      <div className="node-title">
        <span className="node-name">{node.label}</span>
        <span className="node-kind">{nodeSubtitle(node)}</span>
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
        <div className="node-flags">{flagsLine(node)}</div>
      )}
      {node.collapsed ? (
        <div className="node-fold" data-testid={`fold-${node.label}`}>
          {foldText(node)}
        </div>
      ) : null}
      {pathNote ? (
        <div className="path-note" data-testid={`path-note-${node.label}`}>
          {pathNote}
        </div>
      ) : null}
      {write ? <WriteMarkView mark={write} label={node.label} /> : null}
      {isDevice ? null : <Handle type="source" position={Position.Bottom} isConnectable={false} />}
      {linkSide ? (
        <>
          <Handle id="link-out" type="source" position={sidePosition(linkSide)} isConnectable={false} />
          <Handle id="link-in" type="target" position={sidePosition(linkSide)} isConnectable={false} />
        </>
      ) : null}
      {node.kind === "vector" ? (
        <Handle id="cpu" type="source" position={Position.Right} isConnectable={false} />
      ) : null}
    </div>
  );
});
