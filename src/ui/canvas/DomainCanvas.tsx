/**
 * The irqdomain hierarchy on a React Flow canvas, laid out by the worker (d3-hierarchy): VECTOR at
 * the top, devices at the bottom. The selected irq's path is lit from its store entry up to VECTOR,
 * with what it uses at each level, and ends at its CPU and vector. Subtrees fold away (the worker
 * lays the rest out again); selecting an irq opens the folds its path goes through.
 */

import { Background, Controls, type Edge, MarkerType, MiniMap, type Node, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import { type KeyboardEvent, useCallback, useId, useMemo, useRef, useState } from "react";
import type { TreeNode } from "../../sim/domain-tree";
import { deviceNodeId, domainNodeId, MAIN_MACHINE, TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "../../sim/tree-ids";
import type { MachineLink } from "../../sim/world";
import { PRESENT_MIN_ZOOM, usePresentation } from "../present/presentation";
import { StepCaption } from "../steps/StepCaption";
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { useTheme } from "../theme";
import { useLatestCallback } from "../useLatestCallback";
import { CanvasToolbar } from "./CanvasToolbar";
import { foldDevices, toggleFold, unfoldTree } from "./fold";
import { LinkEdge } from "./LinkEdge";
import type { MachineFrameNodeType } from "./MachineFrameNode";
import { MachineFrameNode } from "./MachineFrameNode";
import { nodeAriaLabel } from "./node-text";
import { onlyThePath } from "./path-only";
import { canvasPicture } from "./picture";
import { FollowNode, RefitOn, RoomFit, RoomZoom, useRoomFold } from "./RoomView";
import { TargetNode, type TargetNodeType } from "./TargetNode";
import { TreeNodeCard, type TreeNodeType } from "./TreeNodeCard";
import { useMeasuredSizes } from "./useMeasuredSizes";
import { useRevealPath } from "./useRevealPath";
import { useStableItems } from "./useStableItems";
import { useTouched } from "./useTouched";
import { FitPath, KeepInView, type ViewRequest } from "./ViewportFollow";
import { WriteBanner } from "./WriteBanner";
import { diagramWorld, labelSlots, linkSides, placedPicture, worldFlow } from "./world-flow";
import { ownIrqOf, type WorldSelection, worldLight, worldPicture } from "./world-picture";
import { markText, type WriteMark, writeMarks } from "./write-marks";

const nodeTypes = { tree: TreeNodeCard, target: TargetNode, frame: MachineFrameNode };
// Props React Flow compares by identity: made once, not per render.
const FIT_VIEW_OPTIONS = { padding: 0.12 };
const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 150, height: 90 };
const minimapColor = (n: Node): string =>
  n.type === "frame"
    ? "rgba(139, 152, 169, 0.15)"
    : n.id === "target" || (n.data as { onPath?: boolean }).onPath
      ? "#d9480f"
      : "#8b98a9";
const edgeTypes = { link: LinkEdge };

/**
 * `ownTimeline`: the step caption with its own back and next (a compare's pane has the compare's one
 * timeline for both panes and its own result line instead).
 */
export function DomainCanvas({ ownTimeline = true }: { readonly ownTimeline?: boolean } = {}) {
  const tree = useIrqStore((s) => s.view?.tree);
  const machine = useIrqStore((s) => s.view?.machine);
  const machineKey = useIrqStore((s) => JSON.stringify(s.base?.machine ?? null));
  const touched = useTouched(tree, machineKey);
  const title = useIrqStore((s) => s.view?.title ?? "");
  const writes = useIrqStore((s) => s.lastResult?.writes);
  const selection = useIrqStore((s) => s.selection);
  // An irq's path stays lit while the CPU it lands on is inspected from its target node.
  // A link's own irq too: the path lit on this machine continues over the link.
  const detail = useIrqStore((s) =>
    s.selection?.kind === "irq" ||
    ((s.selection?.kind === "cpu" || s.selection?.kind === "link") && s.selection.irq !== undefined)
      ? s.details.irq
      : undefined,
  );
  const world = useIrqStore((s) => s.view?.world);
  const select = useIrqStore((s) => s.select);
  const collapsed = useIrqStore((s) => s.collapsed);
  const setCollapsed = useIrqStore((s) => s.setCollapsed);
  const store = useIrqStoreApi();
  const role = useIrqStore((s) => s.view?.role ?? MAIN_MACHINE);
  const colorMode = useTheme((s) => s.choice);
  const flowRef = useRef<HTMLDivElement>(null);
  // Its own id per canvas: React Flow names the ids its aria descriptions point at by it (two panes in compare).
  const flowId = `flow${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const viewRequest = useRef<ViewRequest | undefined>(undefined);
  const presenting = usePresentation((s) => s.on);
  const pathOnly = usePresentation((s) => s.pathOnly);
  const [zoomSlot, setZoomSlot] = useState<HTMLElement | null>(null);
  const selectedId =
    selection?.kind === "device"
      ? deviceNodeId(role, selection.name)
      : selection?.kind === "domain"
        ? domainNodeId(role, selection.name)
        : selection?.kind === "world"
          ? selection.id
          : undefined;

  const onToggle = useCallback(
    (n: TreeNode) => {
      viewRequest.current = { kind: "keep", id: n.id, x: n.x, y: n.y };
      void setCollapsed(toggleFold(store.getState().collapsed, n.id, !n.collapsed));
    },
    [setCollapsed, store],
  );

  useRevealPath(tree, detail);
  useRoomFold(tree, presenting, `${title}|${machineKey}`);

  const picture = useMemo(() => {
    if (!tree) return undefined;
    const whole = canvasPicture(tree, detail);
    return pathOnly ? onlyThePath(whole, tree, selectedId) : whole;
  }, [tree, detail, pathOnly, selectedId]);
  const ownCaption = machine ? `${machine.cpus} CPUs, IR ${machine.ir}` : "";
  // The machines side by side and the link index: once per view and fold, not per selection.
  const wp = useMemo(
    () => (tree ? worldPicture(tree, role, world, ownCaption) : undefined),
    [tree, role, world, ownCaption],
  );
  const sides = useMemo(() => (wp ? linkSides(wp) : new Map()), [wp]);
  const slots = useMemo(() => (wp ? labelSlots(wp, sides) : new Map()), [wp, sides]);
  const worldSel = useMemo((): WorldSelection | undefined => {
    switch (selection?.kind) {
      case "irq":
        return { kind: "irq", irq: selection.irq };
      case "cpu":
        return selection.irq === undefined ? undefined : { kind: "irq", irq: selection.irq };
      case "link":
        return { kind: "link", id: selection.id };
      case "world":
        return { kind: "node", id: selection.id };
      case "device":
        return { kind: "node", id: deviceNodeId(role, selection.name) };
      case "domain":
        return { kind: "node", id: domainNodeId(role, selection.name) };
      default:
        return undefined;
    }
  }, [selection, role]);
  const light = useMemo(() => (wp ? worldLight(wp, worldSel) : undefined), [wp, worldSel]);
  // Every machine's nodes where they are drawn, lit across the links: the canvas and the export draw it.
  const placed = useMemo(
    () => (picture && wp && light ? placedPicture(picture, wp, light) : undefined),
    [picture, wp, light],
  );
  const selectLink = useCallback(
    (l: MachineLink) => {
      const irq = ownIrqOf(l, role);
      void select({ kind: "link", id: l.id, ...(irq === undefined ? {} : { irq }) });
    },
    [select, role],
  );

  // Presentation mode changes the node text and the zoom floor: a new instance fits again.
  const flowKey = `${title}-${tree?.nodes.length ?? 0}-${world?.machines.length ?? 0}-${presenting}`;
  const { sizes, onNodesChange } = useMeasuredSizes(flowKey);
  const { nodes, edges } = useMemo(() => {
    const nodes: (TreeNodeType | TargetNodeType | MachineFrameNodeType)[] = [];
    const edges: Edge[] = [];
    if (!tree || !placed || !wp || !light) return { nodes, edges };
    const others = worldFlow({
      wp,
      light,
      slots,
      selectedLink: selection?.kind === "link" ? selection.id : undefined,
      onSelectLink: selectLink,
    });
    nodes.push(...others.frames);
    // A change inside a folded subtree is marked on the node that hides it.
    const marked = new Set<string>();
    for (const n of tree.nodes) if (touched.changed.has(n.id)) marked.add(n.foldedInto ?? n.id);
    // What the operation wrote, on the node itself or on the fold that hides it.
    const written = new Map<string, WriteMark>();
    if (writes) {
      const byId = new Map(tree.nodes.map((n) => [n.id, n]));
      for (const [id, mark] of writeMarks(writes, role)) {
        const at = byId.get(id)?.foldedInto ?? id;
        if (!written.has(at)) written.set(at, mark);
      }
    }
    for (const { node: n, onPath, pathNote } of placed.nodes) {
      const write = written.get(n.id);
      const side = sides.get(n.id);
      nodes.push({
        id: n.id,
        type: "tree",
        position: { x: n.x, y: n.y },
        data: {
          node: n,
          onPath,
          selected: n.id === selectedId,
          changed: marked.has(n.id),
          touched: touched.glowing && marked.has(n.id),
          onToggle,
          ...(pathNote ? { pathNote } : {}),
          ...(write ? { write } : {}),
          ...(side ? { linkSide: side } : {}),
        },
        ariaLabel: `${nodeAriaLabel(n)}${write ? `; last operation: ${markText(write)}` : ""}`,
        // A domain's mark stands above it, over the edges: drawn over its neighbours.
        ...(write ? { zIndex: 10 } : {}),
        // Sizes before React Flow measures the node (the minimap and fitView need them at once).
        initialWidth: TREE_NODE_WIDTH,
        initialHeight: TREE_NODE_HEIGHT,
        draggable: false,
        connectable: false,
      });
    }
    for (const e of placed.edges) {
      edges.push({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `${e.secondary ? "edge-secondary" : ""}${e.lit ? " edge-path" : ""}`,
        animated: e.lit,
      });
    }
    edges.push(...others.edges);
    const target = placed.target;
    if (target) {
      nodes.push({
        id: "target",
        type: "target",
        position: { x: target.x, y: target.y },
        data: { text: target.text, selected: selection?.kind === "cpu" },
        ariaLabel: `irq ${target.irq} lands on ${target.text.title}${target.cpu !== undefined ? `: Enter inspects CPU ${target.cpu}` : ""}`,
        draggable: false,
        connectable: false,
      });
      edges.push({
        id: "vector-target",
        source: target.from,
        sourceHandle: "cpu",
        target: "target",
        className: "edge-path",
        animated: true,
        markerEnd: { type: MarkerType.ArrowClosed },
      });
    }
    for (const n of nodes) {
      const size = sizes.get(n.id);
      if (size) n.measured = size;
    }
    return { nodes, edges };
  }, [
    tree,
    placed,
    wp,
    light,
    sides,
    slots,
    selection,
    touched,
    onToggle,
    role,
    writes,
    selectLink,
    selectedId,
    sizes,
  ]);
  // Only the nodes and edges whose content changed are new objects: React Flow redraws just those.
  const stableNodes = useStableItems(nodes);
  const stableEdges = useStableItems(edges);

  const positions = useMemo(() => new Map(nodes.map((n) => [n.id, n.position])), [nodes]);

  const selectNode = useLatestCallback((id: string) => {
    if (id.startsWith("frame:")) return;
    if (id === "target") {
      const target = picture?.target;
      if (target?.cpu !== undefined) void select({ kind: "cpu", cpu: target.cpu, irq: target.irq });
      return;
    }
    const node = nodes.find((n): n is TreeNodeType => n.id === id && n.type === "tree");
    if (!node) return;
    const n = node.data.node;
    if (!id.startsWith(`${role}/`)) {
      // Another machine's node: its one link (the path across, with its facts), or the node and its links.
      const links = wp?.index.byNode.get(id) ?? [];
      const only = links.length === 1 ? links[0] : undefined;
      if (only) selectLink(only);
      else void select({ kind: "world", id });
      return;
    }
    void select(n.kind === "device" ? { kind: "device", name: n.label } : { kind: "domain", name: n.label });
  });
  // Handlers React Flow passes to every node and edge: the same functions across renders (useLatestCallback).
  const onEdgeClick = useLatestCallback((_: unknown, edge: Edge) => {
    const link = (edge.data as { link?: MachineLink } | undefined)?.link;
    if (link) selectLink(link);
  });
  const onNodeClick = useLatestCallback((_: unknown, node: { id: string }) => selectNode(node.id));
  const onFlowKeyDown = useLatestCallback((e: KeyboardEvent<HTMLDivElement>) => {
    // React Flow's own Enter only marks the node selected inside the canvas; make it select like a click.
    // Only on the node itself: Enter on its collapse toggle is the toggle's.
    if (e.key !== "Enter" && e.key !== " ") return;
    const target = e.target instanceof Element ? e.target : null;
    // A link between machines, focused as an edge: selected like its label.
    if (target?.classList.contains("react-flow__edge")) {
      const link = edges.find((x) => x.id === target.getAttribute("data-id"))?.data?.link;
      if (link && typeof link === "object" && "id" in link) selectLink(link as MachineLink);
      return;
    }
    const id = target?.classList.contains("react-flow__node") ? target.getAttribute("data-id") : null;
    if (id) selectNode(id);
  });

  const shown = new Set(placed?.nodes.map((p) => p.node.id));
  const exported =
    wp && light
      ? diagramWorld(wp, light, sides, slots, selection?.kind === "link" ? selection.id : undefined)
      : undefined;
  const pathShown = detail?.path.every((id) => shown.has(id)) ?? false;
  // The path brought into view runs on over the links to the other machines' lit nodes.
  const across = light ? [...light.nodes.keys()].filter((id) => !id.startsWith(`${role}/`)) : [];
  const caption = [
    title,
    machine
      ? `${machine.cpus} CPUs · kernel ${machine.kernel} · IR ${machine.ir} · ${machine.x2apic ? "x2APIC" : "xAPIC"} · scheme ${machine.scheme === "new" ? "new (the Dec 2021 proposal)" : machine.scheme}`
      : "",
    detail
      ? `irq ${detail.irq}: ${detail.path.map((id) => id.replace(/^\w+:/, "")).join(" → ")} → ${picture?.target?.text.title ?? ""}`
      : "",
  ].filter(Boolean);

  return (
    <div className="canvas-view">
      {placed && tree ? (
        <CanvasToolbar
          picture={placed}
          world={exported}
          caption={caption}
          flow={flowRef}
          canExpand={tree.nodes.some((n) => n.collapsed)}
          zoomSlot={presenting ? setZoomSlot : undefined}
          onCollapseDevices={() => {
            viewRequest.current = { kind: "fit" };
            void setCollapsed(foldDevices(tree, collapsed));
          }}
          onExpandAll={() => {
            viewRequest.current = { kind: "fit" };
            void setCollapsed(unfoldTree(tree, collapsed));
          }}
        />
      ) : null}
      <div className="canvas-strips">
        {ownTimeline ? <StepCaption /> : null}
        <WriteBanner writes={writes} />
      </div>
      <div className="canvas-flow">
        <ReactFlow
          id={flowId}
          ref={flowRef}
          key={flowKey}
          nodes={stableNodes}
          onNodesChange={onNodesChange}
          edges={stableEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onEdgeClick={onEdgeClick}
          // In a room RoomFit fits instead: readable, the top of the tree kept in view.
          fitView={!presenting}
          fitViewOptions={FIT_VIEW_OPTIONS}
          minZoom={presenting ? PRESENT_MIN_ZOOM : 0.1}
          nodesConnectable={false}
          onNodeClick={onNodeClick}
          onKeyDown={onFlowKeyDown}
          colorMode={colorMode}
          proOptions={PRO_OPTIONS}
          aria-label="irqdomain hierarchy"
        >
          <Background />
          {presenting ? (
            <>
              {/* Nothing over the nodes in a room: the zoom buttons are in the toolbar, no minimap. */}
              <RoomZoom slot={zoomSlot} pane={flowRef} />
              <RoomFit pane={flowRef} cut={pathOnly ? `path ${selectedId ?? ""}` : "all"} />
              <FollowNode id={selectedId} />
            </>
          ) : (
            <>
              <Controls showInteractive={false} />
              <MiniMap
                pannable
                zoomable
                ariaLabel="overview of the hierarchy"
                style={MINIMAP_STYLE}
                nodeColor={minimapColor}
              />
            </>
          )}
          {presenting ? null : <RefitOn cut={pathOnly ? `path ${selectedId ?? ""}` : "all"} />}
          <FitPath
            ids={detail && pathShown ? [...detail.path, "target", ...across].join("|") : ""}
            room={presenting ? flowRef : undefined}
          />
          <KeepInView request={viewRequest} positions={positions} room={presenting ? flowRef : undefined} />
        </ReactFlow>
      </div>
    </div>
  );
}
