/**
 * The irqdomain hierarchy on a React Flow canvas, laid out by the worker (d3-hierarchy): VECTOR at
 * the top, devices at the bottom. The selected irq's path is lit from its store entry up to VECTOR,
 * with what it uses at each level, and ends at its CPU and vector.
 */

import { Background, Controls, type Edge, MarkerType, MiniMap, ReactFlow, useReactFlow } from "@xyflow/react";
import { hex } from "../../kernel/arch/x86/bitfield";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo } from "react";
import type { IrqDetail } from "../../sim/irq-detail";
import { deviceNodeId, domainNodeId, TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "../../sim/tree-ids";
import { useSim } from "../store";
import { useTheme } from "../theme";
import { TargetNode, type TargetNodeType } from "./TargetNode";
import { kindText, TreeNodeCard, type TreeNodeType } from "./TreeNodeCard";
import { useTouched } from "./useTouched";

const nodeTypes = { tree: TreeNodeCard, target: TargetNode };
const TARGET_GAP = 60;

/** What the selected irq uses at each node of its path. */
function pathNotes(d: IrqDetail): Map<string, string> {
  const notes = new Map<string, string>();
  if (d.message) notes.set(deviceNodeId(d.device), d.message.where);
  for (const level of d.levels) {
    if (level.domain === "VECTOR") {
      notes.set(
        level.nodeId,
        d.target.vector < 0 ? "no vector" : `vector ${hex(d.target.vector)} on CPU ${d.target.cpu}`,
      );
    } else if (d.irte && level.nodeId.startsWith(domainNodeId("INTEL-IR"))) {
      notes.set(level.nodeId, `IRTE ${d.irte.index}${d.irte.present ? "" : " (not present)"}`);
    } else {
      notes.set(level.nodeId, `hwirq ${level.hwirq}`);
    }
  }
  return notes;
}

/** Brings the selected irq's path into view: from its device up to its CPU. */
function FitPath({ ids }: { ids: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!ids) return;
    const nodes = ids.split("|").map((id) => ({ id }));
    // After React Flow has measured the nodes of this render.
    const t = setTimeout(() => void flow.fitView({ nodes, padding: 0.25, maxZoom: 1.1, duration: 300 }), 50);
    return () => clearTimeout(t);
  }, [ids, flow]);
  return null;
}

export function DomainCanvas() {
  const tree = useSim((s) => s.view?.tree);
  const machineKey = useSim((s) => JSON.stringify(s.base?.machine ?? null));
  const touched = useTouched(tree, machineKey);
  const title = useSim((s) => s.view?.title ?? "");
  const selection = useSim((s) => s.selection);
  // An irq's path stays lit while the CPU it lands on is inspected from its target node.
  const detail = useSim((s) =>
    s.selection?.kind === "irq" || (s.selection?.kind === "cpu" && s.selection.irq !== undefined)
      ? s.details.irq
      : undefined,
  );
  const select = useSim((s) => s.select);
  const colorMode = useTheme((s) => s.choice);

  const { nodes, edges } = useMemo(() => {
    const nodes: (TreeNodeType | TargetNodeType)[] = [];
    const edges: Edge[] = [];
    if (!tree) return { nodes, edges };
    const path = new Set(detail?.path ?? []);
    const notes = detail ? pathNotes(detail) : new Map<string, string>();
    const selectedId =
      selection?.kind === "device"
        ? deviceNodeId(selection.name)
        : selection?.kind === "domain"
          ? domainNodeId(selection.name)
          : undefined;
    for (const n of tree.nodes) {
      const note = notes.get(n.id);
      nodes.push({
        id: n.id,
        type: "tree",
        position: { x: n.x, y: n.y },
        data: {
          node: n,
          onPath: path.has(n.id),
          selected: n.id === selectedId,
          touched: touched.has(n.id),
          ...(note ? { pathNote: note } : {}),
        },
        ariaLabel: `${n.kind === "device" ? "device" : kindText(n.kind)} ${n.label}: ${n.detail}`,
        // Sizes before React Flow measures the node (the minimap and fitView need them at once).
        initialWidth: TREE_NODE_WIDTH,
        initialHeight: TREE_NODE_HEIGHT,
        draggable: false,
        connectable: false,
      });
    }
    for (const e of tree.edges) {
      const lit = path.has(e.source) && path.has(e.target);
      edges.push({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `${e.secondary ? "edge-secondary" : ""}${lit ? " edge-path" : ""}`,
        animated: lit,
      });
    }
    const root = tree.nodes.find((n) => n.kind === "vector");
    if (detail && root) {
      nodes.push({
        id: "target",
        type: "target",
        position: { x: root.x + 220 + TARGET_GAP, y: root.y },
        data: { irq: detail.irq, target: detail.target, selected: selection?.kind === "cpu" },
        ariaLabel: `irq ${detail.irq} lands on CPU ${detail.target.cpu} vector ${detail.target.vector}: Enter inspects CPU ${detail.target.cpu}`,
        draggable: false,
        connectable: false,
      });
      edges.push({
        id: "vector-target",
        source: root.id,
        sourceHandle: "cpu",
        target: "target",
        className: "edge-path",
        animated: true,
        markerEnd: { type: MarkerType.ArrowClosed },
      });
    }
    return { nodes, edges };
  }, [tree, detail, selection, touched]);

  const selectNode = (id: string) => {
    if (id === "target") {
      if (detail && detail.target.cpu >= 0) void select({ kind: "cpu", cpu: detail.target.cpu, irq: detail.irq });
      return;
    }
    const node = nodes.find((n): n is TreeNodeType => n.id === id && n.type === "tree");
    if (!node) return;
    const n = node.data.node;
    void select(n.kind === "device" ? { kind: "device", name: n.label } : { kind: "domain", name: n.label });
  };

  return (
    <ReactFlow
      key={`${title}-${tree?.nodes.length ?? 0}`}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      fitView
      fitViewOptions={{ padding: 0.12 }}
      minZoom={0.1}
      nodesConnectable={false}
      onNodeClick={(_, node) => selectNode(node.id)}
      onKeyDown={(e) => {
        // React Flow's own Enter only marks the node selected inside the canvas; make it select like a click.
        if (e.key !== "Enter" && e.key !== " ") return;
        const id = e.target instanceof Element ? e.target.closest(".react-flow__node")?.getAttribute("data-id") : null;
        if (id) selectNode(id);
      }}
      colorMode={colorMode}
      proOptions={{ hideAttribution: true }}
      aria-label="irqdomain hierarchy"
    >
      <Background />
      <Controls showInteractive={false} />
      <MiniMap
        pannable
        zoomable
        ariaLabel="overview of the hierarchy"
        style={{ width: 150, height: 90 }}
        nodeColor={(n) => (n.id === "target" || (n.data as { onPath?: boolean }).onPath ? "#d9480f" : "#8b98a9")}
      />
      <FitPath ids={detail ? [...detail.path, "target"].join("|") : ""} />
    </ReactFlow>
  );
}
