/**
 * The UI's one store. `view`, `details` and `events` mirror what the worker last answered and are
 * written only here, from its answers. The session is a scenario: `base` (title + machine) and the
 * `steps` applied so far, with `future` holding the steps undone (redo). Undo, redo and jumping to a
 * step replay the scenario up to that step in the worker; a worker restart replays it too.
 */
import { create } from "zustand";
import { DEFAULT_PRESET } from "../scenario/presets";
import type { Scenario } from "../scenario/schema";
import type { Command, StepResult } from "../sim/commands";
import type { SimEvent } from "../sim/event-log";
import type { DetailRequest, Details, MachineView } from "../sim/views";
import { startSimWorker, type WorkerHandle } from "../worker/client";

const UI_LOG_LIMIT = 2000;

export interface LastResult {
  readonly command: string;
  readonly result: StepResult;
}

export type Selection =
  | { readonly kind: "irq"; readonly irq: number }
  | { readonly kind: "device"; readonly name: string }
  | { readonly kind: "domain"; readonly name: string }
  /** A CPU; `irq` when it was reached from that irq's target (the canvas keeps the irq's path lit). */
  | { readonly kind: "cpu"; readonly cpu: number; readonly irq?: number };

export interface SimState {
  status: "booting" | "ready" | "failed";
  view: MachineView | undefined;
  events: readonly SimEvent[];
  lastResult: LastResult | undefined;
  /** Why the worker failed, shown until it is restarted. */
  failure: string | undefined;
  /** The session: title + machine, the steps applied (the timeline cursor is their count), the steps undone. */
  base: Omit<Scenario, "steps"> | undefined;
  steps: readonly Command[];
  future: readonly Command[];
  selection: Selection | undefined;
  /** Whether the /proc/interrupts tab is open (the worker only prints it then). */
  wantInterrupts: boolean;
  details: Details;
  /** Loads a scenario (text or value), replacing the session; a bad one changes nothing. */
  load(scenario: unknown, label: string): Promise<boolean>;
  /** The session as a scenario file. */
  scenario(): Scenario | undefined;
  /** Replays the session up to step `n` (0: the bare machine); the later steps stay for redo. */
  goTo(n: number): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  select(selection: Selection | undefined): Promise<void>;
  showInterrupts(on: boolean): Promise<void>;
  apply(cmd: Command, label?: string): Promise<StepResult | undefined>;
  restart(): Promise<void>;
  crashWorker(): Promise<void>;
}

let worker: WorkerHandle | undefined;

function nextSeq(events: readonly SimEvent[]): number {
  return (events.at(-1)?.seq ?? -1) + 1;
}

function appendEvents(old: readonly SimEvent[], added: readonly SimEvent[]): readonly SimEvent[] {
  const all = old.concat(added);
  return all.length > UI_LOG_LIMIT ? all.slice(all.length - UI_LOG_LIMIT) : all;
}

/** A short text of a step for the result line. */
export function stepText(cmd: Command): string {
  const { op, ...rest } = cmd;
  const args = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return [op, ...args].join(" ");
}

export const useSim = create<SimState>()((set, get) => {
  const fail = (message: string): void => set({ status: "failed", failure: message });
  const ensureWorker = (): WorkerHandle => {
    worker ??= startSimWorker(fail);
    return worker;
  };

  const want = (): DetailRequest => {
    const { selection, wantInterrupts } = get();
    return {
      ...(selection?.kind === "irq" ? { irq: selection.irq } : {}),
      ...(selection?.kind === "cpu"
        ? { cpu: selection.cpu, ...(selection.irq === undefined ? {} : { irq: selection.irq }) }
        : {}),
      ...(selection?.kind === "domain" ? { domain: selection.name } : {}),
      interrupts: wantInterrupts,
    };
  };
  const refreshDetails = async (): Promise<void> => {
    if (get().status !== "ready") return;
    try {
      set({ details: await ensureWorker().api.details(want()) });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  };

  /** Boots `scenario` in the worker and makes it the session; on failure the current session stays. */
  const boot = async (scenario: unknown, label: string): Promise<boolean> => {
    const wasReady = get().view !== undefined;
    set({ status: "booting" });
    try {
      const api = ensureWorker().api;
      const answer = await api.load(scenario, { ...want(), interrupts: get().wantInterrupts });
      if ("error" in answer) {
        set({
          status: wasReady ? "ready" : "failed",
          lastResult: { command: label, result: { ok: false, errno: "EINVAL", reason: answer.error } },
        });
        return false;
      }
      const { steps, ...base } = await api.scenario();
      set({
        status: "ready",
        view: answer.view,
        events: answer.events,
        details: answer.details,
        base,
        steps,
        lastResult: { command: label, result: { ok: true, summary: answer.view.title || label } },
      });
      return true;
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
      return false;
    }
  };

  return {
    status: "booting",
    view: undefined,
    events: [],
    lastResult: undefined,
    failure: undefined,
    base: undefined,
    steps: [],
    future: [],
    selection: undefined,
    wantInterrupts: false,
    details: {},

    async select(selection) {
      set({ selection });
      await refreshDetails();
    },

    async showInterrupts(on) {
      set({ wantInterrupts: on });
      if (on) await refreshDetails();
    },

    async load(scenario, label) {
      const ok = await boot(scenario, `load ${label}`);
      if (ok) set({ future: [], selection: undefined });
      return ok;
    },

    scenario() {
      const { base, steps } = get();
      return base ? ({ ...base, steps: [...steps] } as Scenario) : undefined;
    },

    async goTo(n) {
      const { base, steps, future, selection } = get();
      const all = steps.concat(future);
      if (!base || n < 0 || n > all.length || n === steps.length) return;
      const ok = await boot(
        { ...base, steps: all.slice(0, n) },
        n < steps.length ? `back to step ${n}` : `forward to step ${n}`,
      );
      if (!ok) return;
      set({ future: all.slice(n) });
      await get().select(selection);
    },

    async undo() {
      await get().goTo(get().steps.length - 1);
    },

    async redo() {
      await get().goTo(get().steps.length + 1);
    },

    async apply(cmd, label) {
      const { status, events } = get();
      if (status !== "ready") return undefined;
      try {
        const answer = await ensureWorker().api.apply(cmd, nextSeq(events), want());
        set((s) => ({
          view: answer.view,
          details: answer.details,
          events: appendEvents(s.events, answer.events),
          steps: answer.recorded ? s.steps.concat([cmd]) : s.steps,
          future: answer.recorded ? [] : s.future,
          lastResult: { command: label ?? stepText(cmd), result: answer.result },
        }));
        return answer.result;
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    },

    async restart() {
      const { selection, future } = get();
      const session = get().scenario();
      worker?.terminate();
      worker = undefined;
      set({ failure: undefined });
      if (!(await boot(session ?? DEFAULT_PRESET.scenario, "replay after restart"))) return;
      set({ future });
      await get().select(selection);
    },

    async crashWorker() {
      await ensureWorker().api.crash();
    },
  };
});
