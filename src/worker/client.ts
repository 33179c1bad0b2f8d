/**
 * The page's simulator worker and its sessions. One worker holds every pane's session; a worker that
 * fails is reported to each session on it and never reused: the next `connect` starts a fresh one.
 * Worker failures are reported, never swallowed.
 */
import { type Remote, releaseProxy, wrap } from "comlink";
import type { CompareAnswer } from "../sim/compare";
import type { MachineRole } from "../sim/tree-ids";
import type { SessionApi, SessionClient, SimWorkerApi } from "./api";

/** A session as the store holds it: its API (once open) and how to end it. */
export interface SessionHandle {
  readonly api: Promise<SessionClient>;
  dispose(): void;
}

/** How a store reaches its session: called when it needs one (first use, or after a failure). */
export type SessionConnector = (onFailure: (message: string) => void) => SessionHandle;

interface Running {
  readonly worker: Worker;
  readonly remote: Remote<SimWorkerApi>;
  readonly sessions: Set<string>;
  readonly failureListeners: Set<(message: string) => void>;
  failed: boolean;
}

export class SimWorkerHost {
  private running: Running | undefined;

  private start(): Running {
    const worker = new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "irqscope-sim" });
    const run: Running = {
      worker,
      remote: wrap<SimWorkerApi>(worker),
      sessions: new Set(),
      failureListeners: new Set(),
      failed: false,
    };
    const fail = (message: string) => {
      run.failed = true;
      for (const f of run.failureListeners) f(message);
    };
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      fail(e.message || "the simulator worker stopped with an error");
    });
    worker.addEventListener("messageerror", () => fail("a message from the simulator worker could not be read"));
    return run;
  }

  /** A connector for session `id` on machine role `machine`. */
  connector(id: string, machine: MachineRole): SessionConnector {
    return (onFailure) => {
      if (!this.running || this.running.failed) this.running = this.start();
      const run = this.running;
      run.sessions.add(id);
      run.failureListeners.add(onFailure);
      const api: Promise<Remote<SessionApi>> = run.remote.open(id, machine);
      return {
        api,
        dispose: () => {
          run.failureListeners.delete(onFailure);
          run.sessions.delete(id);
          // The last session of a worker ends it (a failed one too); otherwise only this session goes.
          if (run.sessions.size === 0) {
            run.worker.terminate();
            if (this.running === run) this.running = undefined;
          } else if (!run.failed) {
            void api.then((a) => a[releaseProxy]()).catch(() => undefined);
            void run.remote.close(id).catch(() => undefined);
          }
        },
      };
    };
  }

  /** Compares a scenario's two schemes in the page's worker (started if none runs); touches no session. */
  compare(scenario: unknown): Promise<CompareAnswer> {
    if (!this.running || this.running.failed) this.running = this.start();
    return this.running.remote.compare(scenario);
  }

  /** Throws inside the worker (the debug hook): shows how a failure reaches the UI. */
  crash(): Promise<void> {
    return this.running ? this.running.remote.crash() : Promise.resolve();
  }
}
