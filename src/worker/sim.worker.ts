/// <reference lib="webworker" />
/** The module Web Worker that owns the simulator. The UI reaches it only through comlink. */
import { expose, transfer } from "comlink";
import { deviceStore } from "../sim/device-store";
import { domainTree } from "../sim/domain-tree";
import { irtePosition, irteRange } from "../sim/irte-table";
import { Simulator } from "../sim/simulator";
import { vectorMatrix } from "../sim/vector-matrix";
import { details, machineView } from "../sim/views";
import type { SimApi } from "./api";

let sim: Simulator | undefined;

function booted(): Simulator {
  if (!sim) throw new Error("no machine booted");
  return sim;
}

const api: SimApi = {
  load(scenario, want) {
    const r = Simulator.boot(scenario);
    if (!r.ok) return { error: r.error };
    sim = r.sim;
    return { view: machineView(sim, want), events: sim.log(0), details: details(sim, want) };
  },
  rebuild(head, steps, want) {
    const r = Simulator.rebuild(head, steps);
    if (!r.ok) return { error: r.error };
    sim = r.sim;
    return { view: machineView(sim), events: sim.log(0), details: details(sim, want), refused: r.refused };
  },
  apply(step, since, want) {
    const s = booted();
    const { result, record } = s.apply(step);
    return { result, recorded: !!record, view: machineView(s, want), events: s.log(since), details: details(s, want) };
  },
  details(want) {
    return details(booted(), want);
  },
  layout(collapsed) {
    return domainTree(booted().platform, collapsed);
  },
  irteRange(from, count, usedOnly) {
    return irteRange(booted().platform, from, count, usedOnly);
  },
  irtePosition(index, usedOnly) {
    return irtePosition(booted().platform, index, usedOnly);
  },
  vectorMatrix() {
    const m = vectorMatrix(booted().platform);
    return transfer(m, [m.classes.buffer, m.irqs.buffer]);
  },
  deviceStore(device) {
    return deviceStore(booted().platform, device);
  },
  scenario() {
    return booted().scenario();
  },
  crash() {
    setTimeout(() => {
      throw new Error("simulated failure inside the simulator worker");
    });
  },
};

expose(api);
