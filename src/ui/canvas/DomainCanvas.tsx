/** The irqdomain hierarchy on a React Flow canvas. Nodes read their own data from the store by id. */
import { Background, Controls, type Edge, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { useSim } from "../store";
import { CpuNode, type CpuNodeType } from "./CpuNode";
import { VectorDomainNode, type VectorDomainNodeType } from "./VectorDomainNode";

const nodeTypes = { vectorDomain: VectorDomainNode, cpu: CpuNode };
/** Beyond this many CPUs the per-CPU panel and (later) the heatmap show them, not the canvas. */
const MAX_CPU_NODES = 16;
const CPU_W = 130;

export function DomainCanvas() {
  const cpus = useSim((s) => s.view?.config.cpus ?? 0);
  const { nodes, edges } = useMemo(() => {
    const shown = Math.min(cpus, MAX_CPU_NODES);
    const width = shown * CPU_W;
    const nodes: (VectorDomainNodeType | CpuNodeType)[] = [
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
    for (let cpu = 0; cpu < shown; cpu++) {
      nodes.push({
        id: `cpu-${cpu}`,
        type: "cpu",
        position: { x: cpu * CPU_W, y: 230 },
        data: { cpu },
        ariaLabel: `CPU ${cpu} vector space`,
        draggable: false,
      });
      edges.push({ id: `VECTOR-cpu-${cpu}`, source: "VECTOR", target: `cpu-${cpu}` });
    }
    return { nodes, edges };
  }, [cpus]);

  return (
    <ReactFlow
      key={cpus}
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
