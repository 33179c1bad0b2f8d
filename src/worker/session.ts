/**
 * One session of the worker: one machine (a Simulator, replaced by load and rebuild) and the queries
 * on it. Plain methods, so a test runs it in Node without a Worker; the worker hands it out as a
 * comlink proxy (worker-api.ts).
 */
import { transfer } from "comlink";
import { debugfsListing, debugfsPage, debugfsText, textLines } from "../sim/debugfs-files";
import { deviceStore } from "../sim/device-store";
import { domainNodes } from "../sim/domain-nodes";
import { layoutDomainTree } from "../sim/domain-tree";
import { irqSearchPage, matchIrqs } from "../sim/irq-search";
import { irqsOfDevice } from "../sim/irq-source";
import { irtePosition, irteRange } from "../sim/irte-table";
import { queryLog } from "../sim/log-query";
import { Simulator } from "../sim/simulator";
import type { MachineRole } from "../sim/tree-ids";
import { vectorMatrix } from "../sim/vector-matrix";
import { type DetailRequest, details, machineView } from "../sim/views";
import type { LoadAnswer, SessionApi } from "./api";

const DEBUGFS_PAGE_LIMIT = 2000;

export class SimSession implements SessionApi {
  private sim: Simulator | undefined;
  /** The last debugfs file rendered: scrolling a long file (ir_translation_struct) must not render it again. */
  private debugfsCache: { sim: Simulator; version: number; path: string; lines: string[] | undefined } | undefined;

  /** The last search's matches: scrolling through them must not search again. */
  private searchCache:
    | { sim: Simulator; version: number; query: string; matched: ReturnType<typeof matchIrqs> }
    | undefined;

  constructor(readonly machine: MachineRole) {}

  private booted(): Simulator {
    if (!this.sim) throw new Error("no machine booted");
    return this.sim;
  }

  private answer(sim: Simulator, want: DetailRequest): LoadAnswer {
    return { view: machineView(sim, want, this.machine), details: details(sim, want, this.machine) };
  }

  load(scenario: unknown, want: DetailRequest): ReturnType<SessionApi["load"]> {
    const r = Simulator.boot(scenario);
    if (!r.ok) return { error: r.error };
    this.sim = r.sim;
    return this.answer(r.sim, want);
  }

  rebuild(...[head, steps, want]: Parameters<SessionApi["rebuild"]>): ReturnType<SessionApi["rebuild"]> {
    // The records of the run the steps come from: each kept step's target and outcome are compared.
    const r = Simulator.rebuild(head, steps, this.sim?.records);
    if (!r.ok) return { error: r.error };
    this.sim = r.sim;
    // With the request's fold: the user's collapsed nodes hold across a machine change.
    return { ...this.answer(r.sim, want), refused: r.refused, changed: r.changed };
  }

  apply(step: unknown, want: DetailRequest): ReturnType<SessionApi["apply"]> {
    const s = this.booted();
    const { result, record } = s.apply(step);
    return { result, recorded: !!record, ...(record ? { step: record.step } : {}), ...this.answer(s, want) };
  }

  details(want: DetailRequest): ReturnType<SessionApi["details"]> {
    return details(this.booted(), want, this.machine);
  }

  layout(collapsed: readonly string[]): ReturnType<SessionApi["layout"]> {
    return layoutDomainTree(domainNodes(this.booted().platform), this.machine, collapsed);
  }

  irteRange(...[from, count, usedOnly]: Parameters<SessionApi["irteRange"]>): ReturnType<SessionApi["irteRange"]> {
    return irteRange(this.booted().platform, from, count, usedOnly);
  }

  irtePosition(index: number, usedOnly: boolean): number {
    return irtePosition(this.booted().platform, index, usedOnly);
  }

  vectorMatrix(): ReturnType<SessionApi["vectorMatrix"]> {
    const m = vectorMatrix(this.booted().platform);
    return transfer(m, [m.classes.buffer, m.irqs.buffer]);
  }

  deviceStore(device: string): ReturnType<SessionApi["deviceStore"]> {
    return deviceStore(this.booted().platform, device);
  }

  eventLog(query: Parameters<SessionApi["eventLog"]>[0]): ReturnType<SessionApi["eventLog"]> {
    const s = this.booted();
    const { events, logged } = s.heldEvents();
    const device = query.filter.device;
    return queryLog(events, logged, query, device === undefined ? undefined : irqsOfDevice(s.platform, device));
  }

  debugfsList(): ReturnType<SessionApi["debugfsList"]> {
    const listing = debugfsListing(this.booted().platform);
    return transfer(listing, [listing.irqs.buffer]);
  }

  debugfsFile(path: string, from: number, count: number): ReturnType<SessionApi["debugfsFile"]> {
    const s = this.booted();
    const c = this.debugfsCache;
    if (!c || c.sim !== s || c.version !== s.version || c.path !== path) {
      const text = debugfsText(s.platform, path);
      this.debugfsCache = { sim: s, version: s.version, path, lines: text === undefined ? undefined : textLines(text) };
    }
    const lines = this.debugfsCache?.lines;
    return lines ? debugfsPage(path, lines, from, Math.min(count, DEBUGFS_PAGE_LIMIT)) : undefined;
  }

  irqSearch(query: string, from: number, count: number): ReturnType<SessionApi["irqSearch"]> {
    const s = this.booted();
    const c = this.searchCache;
    const matched =
      c && c.sim === s && c.version === s.version && c.query === query ? c.matched : matchIrqs(s.platform, query);
    this.searchCache = { sim: s, version: s.version, query, matched };
    return irqSearchPage(s.platform, matched, from, count);
  }

  stepWrites(n: number): ReturnType<SessionApi["stepWrites"]> {
    return this.booted().stepWrites(n);
  }

  scenario(): ReturnType<SessionApi["scenario"]> {
    return this.booted().scenario();
  }
}
