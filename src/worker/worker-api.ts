/**
 * What the worker exposes: its sessions by id. Built by a function (not at module load) so a Node test
 * drives it directly, without a Worker.
 *
 * Why `open(id)` answers a comlink proxy rather than every call taking the session id: the UI's pane
 * then holds a `Remote<SessionApi>` and calls it exactly as it called the one simulator before, the
 * API needs no second, id-carrying copy of every method, and comlink's transfers and error propagation
 * work unchanged through the proxy's own MessagePort. The cost, one port per session, is nothing for
 * the few panes a page has; `close(id)` drops the simulator and the client releases its proxy.
 */
import { proxy } from "comlink";
import { compareScenario } from "../sim/compare";
import type { MachineRole } from "../sim/tree-ids";
import type { SimWorkerApi } from "./api";
import { SimSession } from "./session";

export function createWorkerApi(): SimWorkerApi {
  const sessions = new Map<string, SimSession>();
  return {
    open(id: string, machine: MachineRole) {
      let s = sessions.get(id);
      if (!s || s.machine !== machine) {
        s = new SimSession(machine);
        sessions.set(id, s);
      }
      return proxy(s);
    },
    close(id: string) {
      sessions.delete(id);
    },
    compare(scenario: unknown) {
      return compareScenario(scenario);
    },
    sessions() {
      return [...sessions.keys()];
    },
    crash() {
      setTimeout(() => {
        throw new Error("simulated failure inside the simulator worker");
      });
    },
  };
}
