/** The irqdomain hierarchy on a React Flow canvas. Nodes read their own data from the store by id. */
import { Background, Controls, type Edge, MarkerType, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../store";
import { CpuNode, type CpuNodeType } from "./CpuNode";
import { IrqNode, type IrqNodeType } from "./IrqNode";
import { VectorDomainNode, type VectorDomainNodeType } from "./VectorDomainNode";

const nodeTypes = { vectorDomain: VectorDomainNode, cpu: CpuNode, irq: IrqNode };
/** Beyond this many CPUs the per-CPU panel lists them, not the canvas. */
const MAX_CPU_NODES = 16;
const CPU_W = 130;

/** Where the selected irq's vectors are: what the edges from VECTOR to the CPUs show. */
function useSelectedPath() {
  return useSim(
    useShallow((s) => {
      const r = s.view?.irqs.find((x) => x.irq === s.selectedIrq);
      return r
        ? { irq: r.irq, vector: r.vector, cpu: r.cpu, prevVector: r.prevVector, prevCpu: r.prevCpu, state: r.state }
        : undefined;
    }),
  );
}

export function DomainCanvas() {
  const cpus = useSim((s) => s.view?.config.cpus ?? 0);
  const path = useSelectedPath();
  const { nodes, edges } = useMemo(() => {
    const shown = Math.min(cpus, MAX_CPU_NODES);
    const width = shown * CPU_W;
    const nodes: (VectorDomainNodeType | CpuNodeType | IrqNodeType)[] = [
      {
        id: "VECTOR",
        type: "vectorDomain",
        position: { x: width / 2 - 110, y: 0 },
        data: {},
        ariaLabel: "VECTOR domain: the x86 vector allocator",
        draggable: false,
      },
    ];
    const edges: Edge[] = [];
    if (path) {
      nodes.push({
        id: "irq",
        type: "irq",
        position: { x: width / 2 - 95, y: -190 },
        data: { irq: path.irq },
        ariaLabel: `irq ${path.irq}`,
        draggable: false,
      });
      edges.push({ id: "irq-VECTOR", source: "irq", target: "VECTOR", label: "parent", className: "edge-parent" });
    }
    for (let cpu = 0; cpu < shown; cpu++) {
      nodes.push({
        id: `cpu-${cpu}`,
        type: "cpu",
        position: { x: cpu * CPU_W, y: 230 },
        data: { cpu },
        ariaLabel: `CPU ${cpu} vector space`,
        draggable: false,
      });
      const current = path && path.vector !== 0 && path.cpu === cpu;
      const previous = path && path.prevVector !== 0 && path.prevCpu === cpu;
      const edge: Edge = { id: `VECTOR-cpu-${cpu}`, source: "VECTOR", target: `cpu-${cpu}` };
      if (current) {
        edge.label = `vector ${path.vector}`;
        edge.className = "edge-current";
        edge.animated = true;
        edge.markerEnd = { type: MarkerType.ArrowClosed };
      } else if (previous) {
        edge.label = `previous ${path.prevVector}${path.state === "cleanup" ? " (cleanup queued)" : ""}`;
        edge.className = "edge-previous";
      }
      edges.push(edge);
    }
    return { nodes, edges };
  }, [cpus, path]);

  return (
    <ReactFlow
      key={`${cpus}-${path ? "irq" : "none"}`}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      fitView
      fitViewOptions={{ padding: 0.15 }}
      nodesConnectable={false}
      colorMode="system"
      proOptions={{ hideAttribution: true }}
      aria-label="irqdomain hierarchy"
    >
      <Background />
      <Controls showInteractive={false} />
      {cpus > MAX_CPU_NODES ? (
        <div className="canvas-note">
          CPUs {MAX_CPU_NODES}–{cpus - 1} are listed in the CPU panel
        </div>
      ) : null}
    </ReactFlow>
  );
}
