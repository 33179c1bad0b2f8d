/**
 * Compare mode: two panes (old | new), each its own store and worker session, driven by one script.
 * The controller holds the script and where both panes stand (`at`: steps applied), the compare
 * result the worker computed (src/sim/compare.ts), and keeps the panes together: a jump, a step or an
 * action taken in one pane happens in both, and a selection in one selects its counterpart in the
 * other by device entry (never by irq number). Bad input changes nothing and says why once.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Scenario } from "../../scenario/schema";
import type { Command, StepResult } from "../../sim/commands";
import { type CompareResult, type CompareSide, onScheme, type Scheme } from "../../sim/compare";
import type { StepWrites } from "../../sim/step-writes";
import { MAIN_MACHINE } from "../../sim/tree-ids";
import type { SimWorkerHost } from "../../worker/client";
import { createIrqscopeStore, type IrqscopeStore, type LastResult, type Selection } from "../store";
import { counterpartOf } from "./counterpart";

export interface CompareState {
  /** closed: the workspace is shown; loading: a compare is being computed or a jump runs. */
  status: "closed" | "loading" | "ready";
  /** Why the last request changed nothing (a bad link, scenario or machine); cleared by the next success. */
  message: string | undefined;
  /** Where the script came from ("preset Server with VT-d (6.12)"). */
  label: string;
  scenario: Scenario | undefined;
  result: CompareResult | undefined;
  /** Steps both panes have applied (0: the bare machines). */
  at: number;
  /** A selection whose counterpart the other side lacks, in words. */
  unmatched: { readonly side: Scheme; readonly text: string } | undefined;
  readonly panes: Readonly<Record<Scheme, IrqscopeStore>>;
  /** Compares `scenario` and shows both panes at step `at` (default: the end); false when refused. */
  open(scenario: unknown, label: string, at?: number): Promise<boolean>;
  /** Both panes to step `n`. */
  goTo(n: number): Promise<void>;
  /**
   * `delta` steps from where the compare stands once the moves before it are done: Back pressed twice
   * during a step moves two steps, as Ctrl+Z held down does.
   */
  goBy(delta: number): Promise<void>;
  /** Leaves compare mode (the panes' sessions end). */
  close(): void;
}

export type CompareStore = StoreApi<CompareState>;

const OTHER: Record<Scheme, Scheme> = { old: "new", new: "old" };

/**
 * A meeting point for `count` updates: each caller hands what it would show and waits; the last one
 * runs them all, then `after`, in one go (so the page draws them in one frame).
 */
function allAtOnce(count: number, after: () => void): (show: () => void) => Promise<void> {
  const shows: (() => void)[] = [];
  let release: () => void = () => undefined;
  const met = new Promise<void>((resolve) => {
    release = resolve;
  });
  return (show) => {
    shows.push(show);
    if (shows.length === count) {
      for (const s of shows) s();
      after();
      release();
    }
    return met;
  };
}

/** What a pane's result line says for the step both panes stand after. */
function stepResult(side: CompareSide): StepResult {
  if (!side.ok && side.errno) return { ok: false, errno: side.errno, reason: side.reason ?? side.words };
  return { ok: true, summary: side.words, ...(side.silent && side.reason ? { silent: side.reason } : {}) };
}

/** What the controller needs of a worker host: sessions for its panes, and the compare itself. */
export type CompareHost = Pick<SimWorkerHost, "connector" | "compare">;

/**
 * `host` runs the compare and the old pane; `second` the new pane, so that the two panes replay a
 * jump at the same time on two cores (it may be `host` itself).
 */
export function createCompareStore(host: CompareHost, second: CompareHost = host): CompareStore {
  const panes: Record<Scheme, IrqscopeStore> = {
    old: createIrqscopeStore(host.connector("compare-old", MAIN_MACHINE)),
    new: createIrqscopeStore(second.connector("compare-new", MAIN_MACHINE)),
  };
  // Each pane's own apply: the controller's replaces it, so an action in one pane runs in both.
  const paneApply = { old: panes.old.getState().apply, new: panes.new.getState().apply };

  return createStore<CompareState>()((set, get) => {
    let running: Promise<unknown> = Promise.resolve();
    const queued = <T>(f: () => Promise<T>): Promise<T> => {
      const next = running.then(f, f);
      running = next.catch(() => undefined);
      return next;
    };

    /** What the pane's result line and canvas marks say for the step it stands after, given its writes. */
    const marker = (side: Scheme, n: number) => {
      const step = get().result?.steps[n - 1];
      return step
        ? (writes: StepWrites | undefined): LastResult => ({
            command: `#${n} ${step.what}`,
            result: stepResult(step[side]),
            ...(writes ? { writes } : {}),
          })
        : undefined;
    };

    /** The pane's result line and canvas marks for the step it stands after. */
    const markStep = async (side: Scheme, n: number): Promise<void> => {
      const pane = panes[side];
      const mark = marker(side, n);
      if (!mark) return;
      const { client, lastResult } = pane.getState();
      // A step just applied brought its writes with it; a replay did not, and asks for them.
      const have = lastResult?.writes?.n === n - 1 ? lastResult.writes : undefined;
      const writes = have ?? (client ? await client.stepWrites(n - 1) : undefined);
      pane.setState({ lastResult: mark(writes) });
    };

    /** Both panes booted on `s` (each on its scheme) up to step `at`, the rest kept to step into. */
    const loadPanes = async (s: Scenario, at: number, label: string): Promise<string | undefined> => {
      const sides: Scheme[] = ["old", "new"];
      const oks = await Promise.all(
        sides.map(async (side) => {
          const pane = panes[side].getState();
          const ok = await pane.load({ ...onScheme(s, side), steps: s.steps.slice(0, at) }, label);
          if (ok) panes[side].setState({ future: s.steps.slice(at), selection: undefined });
          // Steps back are the compare's everyday move: the session keeps a machine one step behind.
          if (ok) await panes[side].getState().client?.keepStepBack(true);
          return ok;
        }),
      );
      if (oks.every(Boolean)) return undefined;
      const failed = sides.find((_, i) => !oks[i]) ?? "old";
      const r = panes[failed].getState().lastResult?.result;
      return r && !r.ok ? r.reason : `the ${failed} scheme's machine did not boot`;
    };

    const goToStep = async (n: number): Promise<void> => {
      const { scenario, at } = get();
      if (!scenario || n < 0 || n > scenario.steps.length || n === at) return;
      const next = scenario.steps[at];
      if (n === at + 1 && next) {
        set({ status: "loading" });
        // One step forward: applied, not replayed (the same step each pane recorded at compare time).
        await Promise.all((["old", "new"] as const).map((side) => paneApply[side](next)));
        for (const side of ["old", "new"] as const) panes[side].setState({ future: scenario.steps.slice(n) });
        set({ at: n, status: "ready" });
        await Promise.all((["old", "new"] as const).map((side) => markStep(side, n)));
      } else {
        // A replay in each pane, its result line marked in the same update; both panes and the compare
        // are shown in one redraw, once both have answered (a redraw per pane cost the page twice).
        // Asked before the busy state is drawn, so both workers replay while the page draws it.
        const together = allAtOnce(2, () => set({ at: n, status: "ready" }));
        const moved = Promise.all(
          (["old", "new"] as const).map((side) => panes[side].getState().goTo(n, marker(side, n), together)),
        );
        set({ status: "loading" });
        await moved;
      }
    };

    const compute = async (scenario: unknown): Promise<{ scenario: Scenario; result: CompareResult } | string> => {
      try {
        const answer = await host.compare(scenario);
        return answer.ok ? { scenario: answer.scenario, result: answer.result } : answer.error;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };

    /** An action taken in one pane: the script is cut at the cursor, and the step runs in both panes. */
    const applyBoth = async (from: Scheme, cmd: Command, label?: string): Promise<StepResult | undefined> => {
      const { scenario, at } = get();
      if (!scenario || get().status !== "ready") return undefined;
      const before = panes[from].getState().steps.length;
      const result = await paneApply[from](cmd, label);
      const after = panes[from].getState().steps;
      const step = after.length > before ? after.at(-1) : undefined;
      if (!step) return result;
      await paneApply[OTHER[from]](step, label);
      const next = { ...scenario, steps: [...scenario.steps.slice(0, at), step] };
      const computed = await compute(next);
      if (typeof computed === "string") {
        set({ message: computed });
        return result;
      }
      set({ scenario: computed.scenario, result: computed.result, at: at + 1, message: undefined });
      return result;
    };
    for (const side of ["old", "new"] as const) {
      panes[side].setState({ apply: (cmd: Command, label?: string) => queued(() => applyBoth(side, cmd, label)) });
    }

    /** A selection made in one pane selects its counterpart in the other (counterpart.ts). */
    const echo: Record<Scheme, Selection | undefined | null> = { old: null, new: null };
    const follow = (from: Scheme) =>
      panes[from].subscribe((s, prev) => {
        // While both panes move to a step each selects what that step touched by itself (the same device
        // entry on both sides): no echo to run across.
        if (s.selection === prev.selection || get().status !== "ready") return;
        if (echo[from] !== null && echo[from] === s.selection) {
          echo[from] = null;
          return;
        }
        void (async () => {
          const to = OTHER[from];
          const found = await counterpartOf(s.selection, panes[from].getState().client, panes[to].getState().client);
          if (panes[to].getState().selection !== found.selection) echo[to] = found.selection;
          set({ unmatched: found.missing ? { side: to, text: found.missing } : undefined });
          await panes[to].getState().select(found.selection);
        })();
      });
    follow("old");
    follow("new");

    return {
      status: "closed",
      message: undefined,
      label: "",
      scenario: undefined,
      result: undefined,
      at: 0,
      unmatched: undefined,
      panes,

      open(input, label, at) {
        return queued(async () => {
          const computed = await compute(input);
          if (typeof computed === "string") {
            set({ message: `${label}: ${computed}` });
            return false;
          }
          const { scenario, result } = computed;
          const n = at === undefined ? scenario.steps.length : Math.min(Math.max(0, at), scenario.steps.length);
          const wasClosed = get().status === "closed";
          set({ status: "loading" });
          const failed = await loadPanes(scenario, n, label);
          if (failed) {
            set({ status: wasClosed ? "closed" : "ready", message: `${label}: ${failed}` });
            return false;
          }
          set({ status: "ready", scenario, result, at: n, label, message: undefined, unmatched: undefined });
          await Promise.all((["old", "new"] as const).map((side) => markStep(side, n)));
          return true;
        });
      },

      goTo(n) {
        return queued(() => goToStep(n));
      },

      goBy(delta) {
        return queued(() => goToStep(get().at + delta));
      },

      close() {
        set({ status: "closed", unmatched: undefined });
        panes.old.getState().dispose();
        panes.new.getState().dispose();
      },
    };
  });
}
