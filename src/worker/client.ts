/** Starts the simulator worker and wraps it with comlink. Worker failures are reported, never swallowed. */
import { type Remote, wrap } from "comlink";
import type { SimApi } from "./api";

export interface WorkerHandle {
  readonly api: Remote<SimApi>;
  terminate(): void;
}

let current: Remote<SimApi> | undefined;

/** The running worker's api, for panels that query it directly; the store owns the worker's life. */
export function currentSimApi(): Remote<SimApi> | undefined {
  return current;
}

export function startSimWorker(onFailure: (message: string) => void): WorkerHandle {
  const worker = new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "irqscope-sim" });
  worker.addEventListener("error", (e) => {
    e.preventDefault();
    onFailure(e.message || "the simulator worker stopped with an error");
  });
  worker.addEventListener("messageerror", () => onFailure("a message from the simulator worker could not be read"));
  const api = wrap<SimApi>(worker);
  current = api;
  return {
    api,
    terminate: () => {
      if (current === api) current = undefined;
      worker.terminate();
    },
  };
}
