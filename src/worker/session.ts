/**
 * One session of the worker: one machine (a Simulator, replaced by load and rebuild) and the queries
 * on it. Plain methods, so a test runs it in Node without a Worker; the worker hands it out as a
 * comlink proxy (worker-api.ts).
 */
import { transfer } from "comlink";
import * as v from "valibot";
import { stepProblem } from "../scenario/parse";
import { type Scenario, StepSchema } from "../scenario/schema";
import { debugfsListing, debugfsPage, debugfsText, textLines } from "../sim/debugfs-files";
import { deviceStore } from "../sim/device-store";
import { domainNodes } from "../sim/domain-nodes";
import { layoutDomainTree } from "../sim/domain-tree";
import { deviceIrqPage, irqSearchPage, matchIrqs } from "../sim/irq-search";
import { irqsOfDevice } from "../sim/irq-source";
import { irtePosition, irteRange } from "../sim/irte-table";
import { queryLog } from "../sim/log-query";
import { Simulator } from "../sim/simulator";
import { irqIdentity } from "../sim/step-target";
import type { MachineRole } from "../sim/tree-ids";
import { vectorMatrix } from "../sim/vector-matrix";
import { type DetailRequest, details, machineView } from "../sim/views";
import { worldView } from "../sim/world-view";
import type { ImportAnswer, LoadAnswer, SessionApi } from "./api";
import { ImportedMachineHolder } from "./imported-session";
import { ownPrefix } from "./own-prefix";
import { StepBackShadow } from "./step-back";

const DEBUGFS_PAGE_LIMIT = 2000;

/** The value of JSON `text`, or the text itself when it is not JSON (the parser then says what is wrong). */
function jsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A read-only session refuses what needs a live model with this reason. */
const READ_ONLY = "an imported machine is read-only history, not a simulation: simulate a machine like it first";

export class SimSession implements SessionApi {
  private sim: Simulator | undefined;
  /**
   * Where the session stands when a load was answered from kept answers (step-back.ts): the checked
   * script, whose machine is made when something first needs it (`booted`). Never set with `sim`.
   */
  private standing: Scenario | undefined;
  /** The request of the last load or step: the step-back shadow keeps answers for its fold. */
  private lastWant: DetailRequest = {};
  /** Set while the session shows an imported machine (read-only); a load or rebuild drops it. */
  private imported: ImportedMachineHolder | undefined;
  /** The last debugfs file rendered: scrolling a long file (ir_translation_struct) must not render it again. */
  private debugfsCache: { sim: Simulator; version: number; path: string; lines: string[] | undefined } | undefined;

  /** The last search's matches: scrolling through them must not search again. */
  private searchCache:
    | { sim: Simulator; version: number; query: string; matched: ReturnType<typeof matchIrqs> }
    | undefined;

  /** The script of the last load that was parsed and checked. */
  private loaded: Scenario | undefined;

  /** A simulator kept one step behind, when the pane asked for fast steps back (keepStepBack). */
  private stepBack: StepBackShadow | undefined;

  constructor(readonly machine: MachineRole) {}

  keepStepBack(on: boolean): void {
    this.stepBack?.drop();
    this.stepBack = on ? new StepBackShadow(this.machine, (sim, at) => this.handedOver(sim, at)) : undefined;
    const sim = this.live();
    if (this.stepBack && sim) this.stepBack.follow(sim, this.lastWant);
  }

  private booted(): Simulator {
    const sim = this.live();
    if (!sim) throw new Error("no machine booted");
    return sim;
  }

  /** The machine the shadow built for the position the session stands on, if it still stands there. */
  private handedOver(sim: Simulator, at: Scenario): void {
    if (this.standing !== at || this.sim) return;
    this.standing = undefined;
    this.sim = sim;
    this.stepBack?.follow(sim, this.lastWant);
  }

  /** The session's machine, made now if it stands on a kept answer (the shadow finished, or a replay). */
  private live(): Simulator | undefined {
    const at = this.standing;
    if (this.sim || !at) return this.sim;
    this.standing = undefined;
    const made = this.stepBack?.take(at) ?? Simulator.bootParsed(at);
    if (made instanceof Simulator) this.sim = made;
    else if (made.ok) this.sim = made.sim;
    else throw new Error(`the script checked before no longer boots: ${made.error}`);
    return this.sim;
  }

  private answer(sim: Simulator, want: DetailRequest): LoadAnswer {
    return { view: machineView(sim, want, this.machine), details: details(sim, want, this.machine) };
  }

  load(input: unknown, want: DetailRequest): ReturnType<SessionApi["load"]> {
    // Text (a page's step back sends its script as JSON: a string crosses to the worker in one copy,
    // 1,000 step objects one by one) is read here, so that its own prefix is still recognised.
    const scenario = typeof input === "string" ? jsonOr(input) : input;
    // A prefix of this session's own checked script (a step back, a jump) is not checked again
    // (own-prefix.ts), and is the step-back shadow finished when it is on that script's way.
    const own = this.imported ? undefined : ownPrefix(scenario, [this.standing ?? this.sim?.scenario(), this.loaded]);
    this.lastWant = want;
    // A position the shadow's replay passed: its answer was kept, and no machine is made for it now.
    const kept = own ? this.stepBack?.kept(own, want) : undefined;
    if (own && kept) {
      this.sim = undefined;
      this.standing = own;
      this.stepBack?.followKept(own, want);
      return kept;
    }
    const shadow = own ? this.stepBack?.take(own) : undefined;
    const r = shadow
      ? ({ ok: true, sim: shadow } as const)
      : own
        ? Simulator.bootParsed(own)
        : Simulator.boot(scenario);
    if (!r.ok) return { error: r.error };
    // The longest script this session checked: a jump forward within it is a prefix too.
    if (!own) this.loaded = r.sim.scenario();
    this.sim = r.sim;
    this.standing = undefined;
    this.imported = undefined;
    const answer = this.answer(r.sim, want);
    this.stepBack?.follow(r.sim, want);
    return answer;
  }

  rebuild(...[head, steps, want]: Parameters<SessionApi["rebuild"]>): ReturnType<SessionApi["rebuild"]> {
    // The records of the run the steps come from: each kept step's target and outcome are compared.
    const r = Simulator.rebuild(head, steps, this.live()?.records);
    if (!r.ok) return { error: r.error };
    this.sim = r.sim;
    this.standing = undefined;
    this.lastWant = want;
    this.imported = undefined;
    // With the request's fold: the user's collapsed nodes hold across a machine change.
    return { ...this.answer(r.sim, want), refused: r.refused, changed: r.changed };
  }

  apply(step: unknown, want: DetailRequest): ReturnType<SessionApi["apply"]> {
    const held = this.imported;
    if (held) {
      const result = { ok: false, errno: "EPERM", reason: READ_ONLY } as const;
      return {
        result,
        recorded: false,
        view: held.view(this.machine, want),
        details: held.details(want, this.machine),
      };
    }
    const s = this.booted();
    const { result, record } = s.apply(step);
    this.lastWant = want;
    const answer = this.answer(s, want);
    if (record) this.stepBack?.follow(s, want);
    return { result, recorded: !!record, ...(record ? { step: record.step } : {}), ...answer };
  }

  check(conditions: readonly unknown[]): ReturnType<SessionApi["check"]> {
    if (this.imported) return conditions.map(() => [READ_ONLY]);
    const s = this.booted();
    return conditions.map((c) => {
      const parsed = v.safeParse(StepSchema, c);
      if (!parsed.success) return [stepProblem(c) ?? "not a step"];
      return parsed.output.op === "expect" ? s.check(parsed.output) : ["not an expect step"];
    });
  }

  details(want: DetailRequest): ReturnType<SessionApi["details"]> {
    if (this.imported) return this.imported.details(want, this.machine);
    return details(this.booted(), want, this.machine);
  }

  layout(collapsed: readonly string[]): ReturnType<SessionApi["layout"]> {
    if (this.imported) return this.imported.layout(this.machine, collapsed);
    return layoutDomainTree(domainNodes(this.booted().platform), this.machine, collapsed);
  }

  world(collapsed: readonly string[]): ReturnType<SessionApi["world"]> {
    if (this.imported) return undefined;
    return worldView(this.booted().platform, this.machine, collapsed);
  }

  irteRange(...[from, count, usedOnly]: Parameters<SessionApi["irteRange"]>): ReturnType<SessionApi["irteRange"]> {
    if (this.imported) return undefined;
    return irteRange(this.booted().platform, from, count, usedOnly);
  }

  irtePosition(index: number, usedOnly: boolean): number {
    if (this.imported) return -1;
    return irtePosition(this.booted().platform, index, usedOnly);
  }

  vectorMatrix(): ReturnType<SessionApi["vectorMatrix"]> {
    if (this.imported) return { cpus: 0, classes: new Uint8Array(0), irqs: new Int32Array(0) };
    const m = vectorMatrix(this.booted().platform);
    return transfer(m, [m.classes.buffer, m.irqs.buffer]);
  }

  deviceStore(device: string): ReturnType<SessionApi["deviceStore"]> {
    if (this.imported) return { devices: [], device: "", stores: [] };
    return deviceStore(this.booted().platform, device);
  }

  eventLog(query: Parameters<SessionApi["eventLog"]>[0]): ReturnType<SessionApi["eventLog"]> {
    if (this.imported) return queryLog([], 0, query, undefined);
    const s = this.booted();
    const { events, logged } = s.heldEvents();
    const device = query.filter.device;
    return queryLog(events, logged, query, device === undefined ? undefined : irqsOfDevice(s.platform, device));
  }

  debugfsList(): ReturnType<SessionApi["debugfsList"]> {
    if (this.imported) return { irqs: new Int32Array(0), domains: [], others: [] };
    const listing = debugfsListing(this.booted().platform);
    return transfer(listing, [listing.irqs.buffer]);
  }

  debugfsFile(path: string, from: number, count: number): ReturnType<SessionApi["debugfsFile"]> {
    if (this.imported) return undefined;
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
    if (this.imported) return this.imported.irqSearch(query, from, count);
    const s = this.booted();
    const c = this.searchCache;
    const matched =
      c && c.sim === s && c.version === s.version && c.query === query ? c.matched : matchIrqs(s.platform, query);
    this.searchCache = { sim: s, version: s.version, query, matched };
    return irqSearchPage(s.platform, matched, from, count);
  }

  deviceIrqs(device: string, from: number, count: number): ReturnType<SessionApi["deviceIrqs"]> {
    if (this.imported) return { from: 0, rows: [], matched: 0, total: 0 };
    return deviceIrqPage(this.booted().platform, device, from, count);
  }

  stepWrites(n: number): ReturnType<SessionApi["stepWrites"]> {
    if (this.imported) return undefined;
    // Standing on a kept answer: its step's writes were kept with it (the page asks for them at each step).
    const kept = this.standing && this.stepBack?.keptWrites(this.standing, n);
    if (kept) return kept.writes;
    return this.booted().stepWrites(n);
  }

  scenario(): ReturnType<SessionApi["scenario"]> {
    return this.booted().scenario();
  }

  irqIdentity(irq: number): string | undefined {
    const sim = this.imported ? undefined : this.live();
    if (!sim?.platform.machine.descs.desc(irq)) return undefined;
    return irqIdentity(sim.platform, irq);
  }

  irqByIdentity(identity: string): number | undefined {
    const sim = this.imported ? undefined : this.live();
    if (!sim) return undefined;
    const p = sim.platform;
    for (const irq of p.machine.descs.irqs()) if (irqIdentity(p, irq) === identity) return irq;
    return undefined;
  }

  importDump(...[files, want, progress]: Parameters<SessionApi["importDump"]>): ReturnType<SessionApi["importDump"]> {
    // A big paste reports about every 5 %: each report is a message to the page.
    let last = -1;
    const report = progress
      ? (fraction: number, what: string) => {
          if (fraction - last < 0.05 && fraction < 1) return;
          last = fraction;
          void progress(fraction, what);
        }
      : undefined;
    const r = ImportedMachineHolder.read(files, report);
    if (!r.ok) return { error: r.error };
    return this.showImported(r.held, want);
  }

  chooseImported(k: number, want: DetailRequest): ReturnType<SessionApi["chooseImported"]> {
    if (!this.imported) return { error: "no imported machine to choose from" };
    return this.showImported(this.imported.other(k), want);
  }

  private showImported(held: ImportedMachineHolder, want: DetailRequest): ImportAnswer {
    this.imported = held;
    this.debugfsCache = undefined;
    return {
      view: held.view(this.machine, want),
      details: held.details(want, this.machine),
      like: held.like.ok ? held.like.scenario : undefined,
    };
  }
}
