/**
 * The read-only side of a session: a machine read from a dump (src/import) instead of a Simulator.
 * It answers the same view, details and layout questions from its snapshot; the questions that need a
 * live model (IRTEs, vectors, stores, the event log, debugfs) get empty answers, and the UI does not ask.
 */
import { type ImportFile, type ImportProgress, importMachines } from "../import/import-text";
import type { ImportedMachine } from "../import/imported-machine";
import { type LikeScenario, likeScenario } from "../import/like-scenario";
import { parseScenario } from "../scenario/parse";
import type { MachineSpec } from "../scenario/schema";
import { layoutDomainTree } from "../sim/domain-tree";
import { importedDomainText, importedIrqDetail, importedSnapshot } from "../sim/imported-snapshot";
import { type IrqSearchPage, searchRows } from "../sim/irq-search";
import type { MachineSnapshot } from "../sim/snapshot";
import type { MachineRole } from "../sim/tree-ids";
import { type DetailRequest, type Details, IRQ_ROW_LIMIT, type MachineView, snapshotView } from "../sim/views";

/** The "like this" scenario only when the format accepts it (a name the input shows may not fit). */
function checkedLike(like: LikeScenario): { like: LikeScenario; machine?: MachineSpec } {
  if (!like.ok) return { like };
  const r = parseScenario(like.scenario);
  return r.ok
    ? { like, machine: r.scenario.machine }
    : { like: { ok: false, why: `the scenario built from it is refused: ${r.error}` } };
}

export class ImportedMachineHolder {
  private constructor(
    private readonly machines: readonly ImportedMachine[],
    private readonly notes: readonly string[],
    readonly chosen: number,
    readonly like: LikeScenario,
    private readonly snap: MachineSnapshot,
    private readonly procLines: readonly string[] | undefined,
  ) {}

  /** The table as read, joined the first time the tab asks (14 MB for a 256-CPU, 5,000-row paste). */
  private procText: string | undefined;

  /** Reads the files; one message when nothing in them is a dump. Never throws on any text. */
  static read(
    files: readonly ImportFile[],
    progress: ImportProgress | undefined,
  ): { ok: true; held: ImportedMachineHolder } | { ok: false; error: string } {
    const r = importMachines(files, progress);
    if (!r.ok) return r;
    progress?.(0.95, "building the views");
    return { ok: true, held: ImportedMachineHolder.choose(r.machines, r.notes, 0) };
  }

  /** The same input with machine `k` shown (a paste of several machines). */
  static choose(machines: readonly ImportedMachine[], notes: readonly string[], k: number): ImportedMachineHolder {
    const chosen = Math.min(Math.max(0, k), machines.length - 1);
    const machine = machines[chosen] as ImportedMachine;
    const { like, machine: likeMachine } = checkedLike(likeScenario(machine));
    const snap = importedSnapshot({
      machine,
      all: machines,
      chosen,
      notes,
      like,
      ...(likeMachine ? { likeMachine } : {}),
    });
    return new ImportedMachineHolder(machines, notes, chosen, like, snap, machine.procLines);
  }

  other(k: number): ImportedMachineHolder {
    return ImportedMachineHolder.choose(this.machines, this.notes, k);
  }

  private get machine(): ImportedMachine {
    return this.machines[this.chosen] as ImportedMachine;
  }

  view(role: MachineRole, want: DetailRequest): MachineView {
    const cut =
      this.snap.irqs.length > IRQ_ROW_LIMIT
        ? { ...this.snap, irqs: this.snap.irqs.slice(0, IRQ_ROW_LIMIT) }
        : this.snap;
    return snapshotView(cut, [], role, want);
  }

  details(want: DetailRequest, role: MachineRole): Details {
    const out: { irq?: Details["irq"]; interrupts?: string; domain?: { name: string; text: string } } = {};
    if (want.irq !== undefined) {
      const d = importedIrqDetail(this.machine, want.irq, role);
      if (d) out.irq = d;
    }
    if (want.interrupts) {
      this.procText ??= this.procLines?.join("\n");
      out.interrupts = this.procText ?? "The input holds no /proc/interrupts table for this machine.";
    }
    if (want.domain !== undefined) {
      const text = importedDomainText(this.machine, want.domain);
      if (text) out.domain = { name: want.domain, text };
    }
    return out;
  }

  layout(role: MachineRole, collapsed: readonly string[]) {
    return layoutDomainTree(this.snap.domains, role, collapsed);
  }

  /** The Irqs table's search, over every row the input held. */
  irqSearch(query: string, from: number, count: number): IrqSearchPage {
    return searchRows(this.snap.irqs, query, from, count);
  }
}
