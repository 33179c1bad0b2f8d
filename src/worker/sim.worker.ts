/// <reference lib="webworker" />
/** The module Web Worker that owns the simulator. The UI reaches it only through comlink. */
import { expose } from "comlink";
import { validateMachineConfig } from "../sim/machine-config";
import { Simulator } from "../sim/simulator";
import { machineView } from "../sim/views";
import type { SimApi } from "./api";

let sim: Simulator | undefined;

const api: SimApi = {
  boot(config) {
    const checked = validateMachineConfig(config);
    if (!checked.ok) return { error: checked.reason };
    sim = new Simulator(checked.config);
    return { view: machineView(sim), events: sim.log(0) };
  },
  apply(cmd, since) {
    if (!sim) throw new Error("no machine booted");
    const result = sim.apply(cmd);
    return { result, view: machineView(sim), events: sim.log(since) };
  },
  crash() {
    setTimeout(() => {
      throw new Error("simulated failure inside the simulator worker");
    });
  },
};

expose(api);
