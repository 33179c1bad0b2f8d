/**
 * The UI's one store. `view`, `details` and `events` mirror what the worker last answered and are
 * written only here, from its answers; the session itself (machine + steps) lives in the worker,
 * and the store keeps the last scenario it loaded plus the steps applied since, to replay them when
 * the worker has to be restarted.
 */
import { create } from "zustand";
import { DEFAULT_PRESET } from "../scenario/presets";
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
  | { readonly kind: "domain"; readonly name: string };

export interface SimState {
  status: "booting" | "ready" | "failed";
  view: MachineView | undefined;
  events: readonly SimEvent[];
  lastResult: LastResult | undefined;
  /** Why the worker failed, shown until it is restarted. */
  failure: string | undefined;
  /** The scenario last loaded and the steps applied since: what a worker restart replays. */
  loaded: unknown;
  applied: readonly Command[];
  selection: Selection | undefined;
  /** Whether the /proc/interrupts tab is open (the worker only prints it then). */
  wantInterrupts: boolean;
  details: Details;
  load(scenario: unknown, label: string): Promise<boolean>;
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

  return {
    status: "booting",
    view: undefined,
    events: [],
    lastResult: undefined,
    failure: undefined,
    loaded: DEFAULT_PRESET.scenario,
    applied: [],
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
      const wasReady = get().view !== undefined;
      set({ status: "booting" });
      try {
        const answer = await ensureWorker().api.load(scenario, { interrupts: get().wantInterrupts });
        if ("error" in answer) {
          // The current machine stays as it was.
          set({
            status: wasReady ? "ready" : "failed",
            lastResult: { command: `load ${label}`, result: { ok: false, errno: "EINVAL", reason: answer.error } },
          });
          return false;
        }
        set({
          status: "ready",
          view: answer.view,
          events: answer.events,
          details: answer.details,
          loaded: scenario,
          applied: [],
          lastResult: { command: `load ${label}`, result: { ok: true, summary: answer.view.title || label } },
          selection: undefined,
        });
        return true;
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
        return false;
      }
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
          applied: answer.recorded ? s.applied.concat([cmd]) : s.applied,
          lastResult: { command: label ?? stepText(cmd), result: answer.result },
        }));
        return answer.result;
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    },

    async restart() {
      const { loaded, applied, selection } = get();
      worker?.terminate();
      worker = undefined;
      set({ failure: undefined, view: undefined });
      if (!(await get().load(loaded, "session"))) return;
      for (const cmd of applied) await get().apply(cmd);
      await get().select(selection);
    },

    async crashWorker() {
      await ensureWorker().api.crash();
    },
  };
});
