/// <reference lib="webworker" />
/** The module Web Worker that owns the simulator. The UI reaches it only through comlink. */
import { expose, transfer } from "comlink";
import { debugfsListing, debugfsPage, debugfsText, textLines } from "../sim/debugfs-files";
import { deviceStore } from "../sim/device-store";
import { domainTree } from "../sim/domain-tree";
import { irqsOfDevice } from "../sim/irq-source";
import { irtePosition, irteRange } from "../sim/irte-table";
import { queryLog } from "../sim/log-query";
import { Simulator } from "../sim/simulator";
import { vectorMatrix } from "../sim/vector-matrix";
import { details, machineView } from "../sim/views";
import type { SimApi } from "./api";

let sim: Simulator | undefined;
/** The last debugfs file rendered: scrolling a long file (ir_translation_struct) must not render it again. */
let debugfsCache: { sim: Simulator; version: number; path: string; lines: string[] | undefined } | undefined;
const DEBUGFS_PAGE_LIMIT = 2000;

function booted(): Simulator {
  if (!sim) throw new Error("no machine booted");
  return sim;
}

const api: SimApi = {
  load(scenario, want) {
    const r = Simulator.boot(scenario);
    if (!r.ok) return { error: r.error };
    sim = r.sim;
    return { view: machineView(sim, want), details: details(sim, want) };
  },
  rebuild(head, steps, want) {
    const r = Simulator.rebuild(head, steps, sim?.records);
    if (!r.ok) return { error: r.error };
    sim = r.sim;
    return { view: machineView(sim, want), details: details(sim, want), refused: r.refused, changed: r.changed };
  },
  apply(step, want) {
    const s = booted();
    const { result, record } = s.apply(step);
    return {
      result,
      recorded: !!record,
      ...(record ? { step: record.step } : {}),
      view: machineView(s, want),
      details: details(s, want),
    };
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
  eventLog(query) {
    const s = booted();
    const { events, logged } = s.heldEvents();
    const device = query.filter.device;
    return queryLog(events, logged, query, device === undefined ? undefined : irqsOfDevice(s.platform, device));
  },
  debugfsList() {
    const listing = debugfsListing(booted().platform);
    return transfer(listing, [listing.irqs.buffer]);
  },
  debugfsFile(path, from, count) {
    const s = booted();
    const c = debugfsCache;
    if (!c || c.sim !== s || c.version !== s.version || c.path !== path) {
      const text = debugfsText(s.platform, path);
      debugfsCache = { sim: s, version: s.version, path, lines: text === undefined ? undefined : textLines(text) };
    }
    const lines = debugfsCache?.lines;
    return lines ? debugfsPage(path, lines, from, Math.min(count, DEBUGFS_PAGE_LIMIT)) : undefined;
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
