/**
 * The UI's one store. `view` and `events` mirror what the worker last answered and are written only
 * here, from its answers; `commands` is the session's log, replayed when the worker is restarted.
 */
import { create } from "zustand";
import { DEFAULT_MACHINE, type MachineConfig } from "../kernel/machine";
import { type Command, describeCommand, type SimEvent, type StepResult } from "../sim/commands";
import type { DetailRequest, Details, MachineView } from "../sim/views";
import { startSimWorker, type WorkerHandle } from "../worker/client";

const UI_LOG_LIMIT = 2000;

export interface LastResult {
  readonly command: string;
  readonly result: StepResult;
}

export interface SimState {
  status: "booting" | "ready" | "failed";
  view: MachineView | undefined;
  events: readonly SimEvent[];
  lastResult: LastResult | undefined;
  /** Why the worker failed, shown until it is restarted. */
  failure: string | undefined;
  commands: readonly Command[];
  /** The irq whose details the side panel and the irqs/N tab show. */
  selectedIrq: number | undefined;
  /** Whether the /proc/interrupts tab is open (the worker only prints it then). */
  wantInterrupts: boolean;
  details: Details;
  boot(config: MachineConfig): Promise<void>;
  select(irq: number | undefined): Promise<void>;
  showInterrupts(on: boolean): Promise<void>;
  apply(cmd: Command): Promise<StepResult | undefined>;
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

export const useSim = create<SimState>()((set, get) => {
  const fail = (message: string): void => set({ status: "failed", failure: message });
  const ensureWorker = (): WorkerHandle => {
    worker ??= startSimWorker(fail);
    return worker;
  };

  const want = (): DetailRequest => {
    const { selectedIrq, wantInterrupts } = get();
    return { ...(selectedIrq === undefined ? {} : { irq: selectedIrq }), interrupts: wantInterrupts };
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
    commands: [],
    selectedIrq: undefined,
    wantInterrupts: false,
    details: {},

    async select(irq) {
      set({ selectedIrq: irq });
      await refreshDetails();
    },

    async showInterrupts(on) {
      set({ wantInterrupts: on });
      if (on) await refreshDetails();
    },

    async boot(config) {
      set({ status: "booting" });
      try {
        const answer = await ensureWorker().api.boot(config);
        if ("error" in answer) {
          set({
            status: "ready",
            lastResult: { command: "boot", result: { ok: false, errno: "EINVAL", reason: answer.error } },
          });
          return;
        }
        set({
          status: "ready",
          view: answer.view,
          events: answer.events,
          commands: [],
          lastResult: undefined,
          selectedIrq: undefined,
          details: {},
        });
        await refreshDetails();
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    },

    async apply(cmd) {
      const { status, events } = get();
      if (status !== "ready") return undefined;
      try {
        const answer = await ensureWorker().api.apply(cmd, nextSeq(events), want());
        set((s) => ({
          view: answer.view,
          details: answer.details,
          events: appendEvents(s.events, answer.events),
          commands: s.commands.concat([cmd]),
          lastResult: { command: describeCommand(cmd), result: answer.result },
        }));
        return answer.result;
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    },

    async restart() {
      const { view, commands } = get();
      worker?.terminate();
      worker = undefined;
      set({ failure: undefined });
      await get().boot(view?.config ?? DEFAULT_MACHINE);
      for (const cmd of commands) await get().apply(cmd);
    },

    async crashWorker() {
      await ensureWorker().api.crash();
    },
  };
});
