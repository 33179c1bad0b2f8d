/**
 * The worker's interface, as the UI calls it through comlink. The worker holds several sessions,
 * each one machine (one Simulator), by id: `open(id)` answers the session's own API as a comlink
 * proxy, so the UI's panes each hold a `Remote<SessionApi>` and call it as if it were the only one.
 */
import type { ProxyMarked } from "comlink";

import type { Scenario, Step } from "../scenario/schema";
import type { StepResult } from "../sim/commands";
import type { CompareAnswer } from "../sim/compare";
import type { DebugfsListing, DebugfsPage } from "../sim/debugfs-files";
import type { DeviceStoreView } from "../sim/device-store";
import type { DomainTreeView } from "../sim/domain-tree";
import type { IrqSearchPage } from "../sim/irq-search";
import type { IrteRange } from "../sim/irte-table";
import type { LogPage, LogQuery } from "../sim/log-query";
import type { RefusedStep } from "../sim/simulator";
import type { ChangedStep } from "../sim/step-target";
import type { StepWrites } from "../sim/step-writes";
import type { MachineRole } from "../sim/tree-ids";
import type { VectorMatrixView } from "../sim/vector-matrix";
import type { DetailRequest, Details, MachineView } from "../sim/views";
import type { WorldExtras } from "../sim/world";

/** The event log stays in the worker (the Event log tab asks for the window it shows): none is sent. */
export interface LoadAnswer {
  readonly view: MachineView;
  readonly details: Details;
}

/** An imported machine: its view (with provenance) and the "simulate a machine like this" scenario, if any. */
export interface ImportAnswer extends LoadAnswer {
  readonly like: unknown | undefined;
}

/** A session rebuilt on another machine: the new state, and the replayed steps that machine refused. */
export interface RebuildAnswer extends LoadAnswer {
  readonly refused: readonly RefusedStep[];
  /** The kept steps whose interrupt or outcome differs from the run they were recorded in. */
  readonly changed: readonly ChangedStep[];
}

/** What the worker answers to a command: its result, the new view, details. */
export interface ApplyAnswer {
  readonly result: StepResult;
  /** Whether the step became part of the session (a step the format refuses does not). */
  readonly recorded: boolean;
  /** The step as recorded: its interrupt named by device entry where it has one. */
  readonly step?: Step;
  readonly view: MachineView;
  readonly details: Details;
}

/** One session: one machine booted from a scenario, its steps, and the queries on it. */
export interface SessionApi {
  /**
   * Boots the machine of a scenario (JSON text or a parsed value) and runs its steps, replacing the
   * current session. A bad scenario is refused with one message and the current session stays.
   */
  load(scenario: unknown, want: DetailRequest): LoadAnswer | { readonly error: string };
  /**
   * Boots another machine (`head`: title + machine) and replays `steps` on it one by one; the steps it
   * refuses are left out and listed. A bad machine is refused with one message and the session stays.
   */
  rebuild(
    head: { readonly title?: string; readonly machine: unknown },
    steps: readonly unknown[],
    want: DetailRequest,
  ): RebuildAnswer | { readonly error: string };
  /** Applies one step (scenario format). */
  apply(step: unknown, want: DetailRequest): ApplyAnswer;
  /**
   * Checks `expect` steps against the machine as it stands, recording nothing (a lesson's conditions):
   * one list of failures per condition, empty when it holds.
   */
  check(conditions: readonly unknown[]): readonly (readonly string[])[];
  /** The heavier texts for what the UI shows now. */
  details(want: DetailRequest): Details;
  /** The domain tree laid out again with these nodes collapsed (the user folded or unfolded one). */
  layout(collapsed: readonly string[]): DomainTreeView;
  /** The other machines of the world and their links, laid out again with these nodes collapsed. */
  world(collapsed: readonly string[]): WorldExtras | undefined;
  /**
   * Rows `from` … `from + count - 1` of the IR unit's IRTE table (all entries, or only the allocated
   * or present ones), with the number of rows in all; undefined without an IR unit. At most 1000 rows.
   */
  irteRange(from: number, count: number, usedOnly: boolean): IrteRange | undefined;
  /** The row position of IRTE `index` (with usedOnly: of the first used entry at or after it); -1: none. */
  irtePosition(index: number, usedOnly: boolean): number;
  /** Every CPU's 256 vectors, classified, with their irqs; the two arrays are transferred, not copied. */
  vectorMatrix(): VectorMatrixView;
  /** The message stores of one device (PCI function, "ioapic0", HPET block), slot by slot. */
  deviceStore(device: string): DeviceStoreView;
  /** One window of the event log, filtered (by kind, irq, CPU, device, text, errors only). */
  eventLog(query: LogQuery): LogPage;
  /** The debugfs files the model renders; the irq numbers are transferred, not copied. */
  debugfsList(): DebugfsListing;
  /** Lines `from` … `from + count - 1` (at most 2000) of one debugfs file; undefined: no such file. */
  debugfsFile(path: string, from: number, count: number): DebugfsPage | undefined;
  /**
   * Rows `from` … `from + count - 1` (at most 500) of the irqs `query` matches (number, device, store
   * and slot, handler, chip; empty: all), with how many it matches and how many there are.
   */
  irqSearch(query: string, from: number, count: number): IrqSearchPage;
  /** Rows `from` … `from + count - 1` (at most 500) of one device's irqs, with how many it has (`matched`). */
  deviceIrqs(device: string, from: number, count: number): IrqSearchPage;
  /** What step `n` wrote (device entries old → new, IRTEs old → new); undefined beyond the session. */
  stepWrites(n: number): StepWrites | undefined;
  /** The session as a scenario: machine + steps. */
  scenario(): Scenario;
  /**
   * Keeps a second simulator one step behind the session, built in the background, so that loading
   * a prefix of its own script (a step back) does not replay it from boot. Off by default.
   */
  keepStepBack(on: boolean): void;
  /** What irq `irq` is on this machine, by device entry ("nvme0 msix 3") or chip and slot; undefined: none. */
  irqIdentity(irq: number): string | undefined;
  /** The irq that is `identity` on this machine now (a compare's counterpart); undefined: none. */
  irqByIdentity(identity: string): number | undefined;
  /**
   * Reads what a real machine printed (/proc/interrupts, debugfs, kernel log; several files) and makes
   * the session that machine, read-only. Nothing recognisable is one message and the session stays.
   * `progress` hears how far a big input is (a comlink proxy from the page).
   */
  importDump(
    files: readonly { readonly name: string; readonly text: string }[],
    want: DetailRequest,
    progress?: (fraction: number, what: string) => void,
  ): ImportAnswer | { readonly error: string };
  /** Shows machine `k` of the last import (a paste that held several). */
  chooseImported(k: number, want: DetailRequest): ImportAnswer | { readonly error: string };
}

export interface SimWorkerApi {
  /**
   * The session `id` (created empty on first use; the same session on a second call), as a comlink
   * proxy: one MessagePort per session, released by `close`.
   */
  open(id: string, machine: MachineRole): SessionApi & ProxyMarked;
  /** Ends session `id`: its simulator and caches are dropped. */
  close(id: string): void;
  /** A scenario on the old scheme and on the new, step by step (src/sim/compare.ts); no session is touched. */
  compare(scenario: unknown): CompareAnswer;
  /** The ids of the sessions held (for tests and the debug hook). */
  sessions(): string[];
  /** Throws an uncaught error inside the worker: lets tests prove that a worker failure reaches the UI. */
  crash(): void;
}

/** What a client calls: the API's methods, answered now (in-process) or later (through the worker). */
export type SessionClient = {
  readonly [K in keyof SessionApi]: (
    ...args: Parameters<SessionApi[K]>
  ) => ReturnType<SessionApi[K]> | Promise<ReturnType<SessionApi[K]>>;
};
