/// <reference lib="webworker" />
/** The module Web Worker that owns the simulator. The UI reaches it only through comlink. */
import { expose } from "comlink";
import { validateMachineConfig } from "../sim/machine-config";
import { Simulator } from "../sim/simulator";
import { details, machineView } from "../sim/views";
import type { SimApi } from "./api";

let sim: Simulator | undefined;

function booted(): Simulator {
  if (!sim) throw new Error("no machine booted");
  return sim;
}

const api: SimApi = {
  boot(config) {
    const checked = validateMachineConfig(config);
    if (!checked.ok) return { error: checked.reason };
    sim = new Simulator(checked.config);
    return { view: machineView(sim), events: sim.log(0) };
  },
  apply(cmd, since, want) {
    const s = booted();
    const result = s.apply(cmd);
    return { result, view: machineView(s), events: s.log(since), details: details(s, want) };
  },
  details(want) {
    return details(booted(), want);
  },
  crash() {
    setTimeout(() => {
      throw new Error("simulated failure inside the simulator worker");
    });
  },
};

expose(api);
