/** Starts the simulator worker and wraps it with comlink. Worker failures are reported, never swallowed. */
import { type Remote, wrap } from "comlink";
import type { SimApi } from "./api";

export interface WorkerHandle {
  readonly api: Remote<SimApi>;
  terminate(): void;
}

export function startSimWorker(onFailure: (message: string) => void): WorkerHandle {
  const worker = new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "irqscope-sim" });
  worker.addEventListener("error", (e) => {
    e.preventDefault();
    onFailure(e.message || "the simulator worker stopped with an error");
  });
  worker.addEventListener("messageerror", () => onFailure("a message from the simulator worker could not be read"));
  return { api: wrap<SimApi>(worker), terminate: () => worker.terminate() };
}
