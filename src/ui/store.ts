/**
 * A pane's store, made by a factory over zustand's vanilla store (so a page can hold one per pane, and
 * Node tests run it without React); components reach it through StoreProvider (store-context.tsx).
 * `view` and `details` mirror what the pane's worker session last answered and are written only
 * here, from its answers. The session is a scenario: `base` (title + machine) and the
 * `steps` applied so far, with `future` holding the steps undone (redo). Undo, redo and jumping to a
 * step replay the scenario up to that step in the worker; a worker restart replays it too. A machine
 * change (a knob, a preset, a file) starts a new epoch of the history (`history.ts`): the epochs before
 * and after stay whole in `earlier` and `later`, and undo/redo cross into them.
 */
import { proxy } from "comlink";
import { createStore, type StoreApi } from "zustand/vanilla";
import { DEFAULT_PRESET } from "../scenario/presets";
import type { Scenario } from "../scenario/schema";
import type { Command, StepResult } from "../sim/commands";
import { detailRequestOf, stepFocus } from "../sim/step-focus";
import type { StepWrites } from "../sim/step-writes";
import type { DetailRequest, Details, MachineView } from "../sim/views";
import type { SessionClient } from "../worker/api";
import type { SessionConnector, SessionHandle } from "../worker/client";
import { loadFold, saveFold } from "./canvas/fold";
import {
  afterNewEpoch,
  type Epoch,
  type EpochStart,
  epochMove,
  type KnobValues,
  type Move,
  machineChangeLabel,
  machineText,
  redoMove,
  undoMove,
} from "./history";
import { type PaneState, paneSlice } from "./pane-slice";

export interface LastResult {
  readonly command: string;
  readonly result: StepResult;
  /** A replay on another machine in which steps changed target or outcome: never shown as plain ok. */
  readonly changed?: number;
  /** What the operation wrote (a step applied by hand, not a replay): the canvas marks it until the next one. */
  readonly writes?: StepWrites;
}

export type Selection =
  | { readonly kind: "irq"; readonly irq: number }
  | { readonly kind: "device"; readonly name: string }
  | { readonly kind: "domain"; readonly name: string }
  /** A CPU; `irq` when it was reached from that irq's target (the canvas keeps the irq's path lit). */
  | { readonly kind: "cpu"; readonly cpu: number; readonly irq?: number }
  /** A link between machines of the world (world.ts); `irq`: the pane's own irq it is about, its path kept lit. */
  | { readonly kind: "link"; readonly id: string; readonly irq?: number }
  /** A node of another machine of the world (an NTB peer's copy, a guest's host domain), by node id. */
  | { readonly kind: "world"; readonly id: string };

export interface SimState extends PaneState {
  status: "booting" | "ready" | "failed";
  view: MachineView | undefined;
  lastResult: LastResult | undefined;
  /** Why the worker failed, shown until it is restarted. */
  failure: string | undefined;
  /** The session's API once it is open, for the panels that query the worker themselves. */
  client: SessionClient | undefined;
  /** The session: title + machine, the steps applied (the timeline cursor is their count), the steps undone. */
  base: Omit<Scenario, "steps"> | undefined;
  steps: readonly Command[];
  future: readonly Command[];
  /** The steps the current epoch began with (carried over from the machine before, or loaded). */
  start: number;
  /** How the current epoch began, when it followed another. */
  began: EpochStart | undefined;
  /** The sessions on other machines, before and after the current one (history.ts). */
  earlier: readonly Epoch[];
  later: readonly Epoch[];
  selection: Selection | undefined;
  /** The canvas nodes the user collapsed (ids): a view preference the worker lays the tree out with. */
  collapsed: readonly string[];
  /**
   * Set while the pane shows an imported machine (read-only): `like` is the scenario "simulate a machine
   * like this" loads, when the input says enough. The session before the import stays in base/steps and
   * the history; undo returns to it.
   */
  imported: { readonly like: unknown | undefined; readonly label: string } | undefined;
  /** How far a running import is (a big paste takes a while in the worker). */
  importProgress: { readonly fraction: number; readonly what: string } | undefined;
  /** Imports what a machine printed (files or a paste); nothing recognisable changes nothing and says why. */
  importDump(files: readonly { readonly name: string; readonly text: string }[], label: string): Promise<boolean>;
  /** Shows machine `k` of an import that held several. */
  chooseImported(k: number): Promise<void>;
  /** Whether the /proc/interrupts tab is open (the worker only prints it then). */
  wantInterrupts: boolean;
  details: Details;
  /** Loads a scenario (text or value), replacing the session; a bad one changes nothing. */
  load(scenario: unknown, label: string): Promise<boolean>;
  /** The session as a scenario file. */
  scenario(): Scenario | undefined;
  /**
   * Replays the session up to step `n` (0: the bare machine); the later steps stay for redo. `mark`
   * (a compare's pane, whose busy state is the compare's) says what the result line shows for that
   * step, given the step's writes. `together` (a compare's two panes) is handed what shows the move,
   * to run it with the other pane's in one redraw.
   */
  goTo(
    n: number,
    mark?: (writes: StepWrites | undefined) => LastResult,
    together?: (show: () => void) => Promise<void>,
  ): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Moves to the session on the machine `offset` epochs away (-1: the one before). */
  goToEpoch(offset: number): Promise<void>;
  /**
   * Rebuilds the session on the machine with `knobs` changed, replaying its steps; those the new
   * machine refuses are left out and reported. A bad knob changes nothing and returns the message.
   */
  setMachine(knobs: KnobValues): Promise<MachineChangeResult>;
  select(selection: Selection | undefined): Promise<void>;
  showInterrupts(on: boolean): Promise<void>;
  /** Collapses exactly these canvas nodes (kept in localStorage) and has the worker lay the tree out again. */
  setCollapsed(ids: readonly string[]): Promise<void>;
  apply(cmd: Command, label?: string): Promise<StepResult | undefined>;
  restart(): Promise<void>;
  /** Ends the pane's session in the worker. */
  dispose(): void;
}

export type IrqscopeStore = StoreApi<SimState>;

export type MachineChangeResult =
  | { readonly ok: true; readonly refused: number }
  | { readonly ok: false; readonly error: string };

/** A short text of a step for the result line. */
export function stepText(cmd: Command): string {
  const { op, ...rest } = cmd;
  const args = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return [op, ...args].join(" ");
}

/** A pane's store on the worker session `connect` opens (on first use, and again after a restart). */
export function createIrqscopeStore(connect: SessionConnector): IrqscopeStore {
  return createStore<SimState>()((set, get, store) => {
    const fail = (message: string): void => set({ status: "failed", failure: message });
    let handle: SessionHandle | undefined;
    const session = async (): Promise<SessionClient> => {
      handle ??= connect(fail);
      const client = await handle.api;
      if (get().client !== client) set({ client });
      return client;
    };
    /**
     * Moves along the timeline run one after another, each planned from where the one before left the
     * session: Ctrl+Z pressed twice while the first replay is still booting undoes two steps, not one twice.
     */
    let moving: Promise<void> = Promise.resolve();
    const queued = (f: () => Promise<void>): Promise<void> => {
      moving = moving.then(f, f);
      return moving;
    };

    const want = (): DetailRequest => wantFor(get().selection);
    const wantFor = (selection: Selection | undefined): DetailRequest =>
      detailRequestOf(selection, get().wantInterrupts, get().collapsed);
    const refreshDetails = async (): Promise<void> => {
      if (get().status !== "ready") return;
      try {
        set({ details: await (await session()).details(want()) });
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    };

    /**
     * Boots `scenario` in the worker and makes it the session; on failure the current session stays.
     * `own`: the scenario is this session's own base and steps (the session an import replaced), already
     * as the worker normalised them, so it is not asked for again (a long script is a large answer).
     */
    const boot = async (
      scenario: unknown,
      label: string,
      own?: { readonly steps: readonly Command[] } & Omit<Scenario, "steps">,
    ): Promise<boolean> => {
      const wasReady = get().view !== undefined;
      try {
        // Asked before the busy state is drawn: the worker boots while the page draws it.
        const api = get().client ?? (await session());
        const loading = api.load(scenario, { ...want(), interrupts: get().wantInterrupts });
        set({ status: "booting" });
        const answer = await loading;
        if ("error" in answer) {
          set({
            status: wasReady ? "ready" : "failed",
            lastResult: { command: label, result: { ok: false, errno: "EINVAL", reason: answer.error } },
          });
          return false;
        }
        const { steps, ...base } = own ?? (await api.scenario());
        set({
          status: "ready",
          view: answer.view,
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

    /**
     * Replays the session up to step `n` of the current epoch; the later steps stay for redo. What the
     * move shows (the new machine, the step's selection and its details, the compare's mark) is asked
     * of the worker first; the answer is the one update that shows it (a failure too), for the caller
     * to run at once or with the other compare pane's: one redraw per move, not one per answer.
     */
    const goToStep = async (
      n: number,
      mark?: (writes: StepWrites | undefined) => LastResult,
    ): Promise<(() => void) | undefined> => {
      const { base, steps, future, selection, view } = get();
      const all = steps.concat(future);
      if (!base || n < 0 || n > all.length || n === steps.length) return undefined;
      const scenario = { ...base, steps: all.slice(0, n) };
      const label = n < steps.length ? `back to step ${n}` : `forward to step ${n}`;
      try {
        // The request goes out before the page redraws anything (the busy state below): the worker replays
        // while the page draws. A compare's pane shows no busy state of its own: the compare holds one
        // for both panes (and refuses actions meanwhile), and redrawing a pane inert costs a redraw.
        const api = get().client ?? (await session());
        // Stepping selects what the step touched: guessed by its device entry in the view now, so that
        // the answer's details are usually the ones shown (checked against the new view: else asked again).
        const forward = n > steps.length;
        const guess = wantFor(stepFocus(view, forward ? all[n - 1] : all[n], false) ?? selection);
        // As text: one string crosses to the worker faster than a script's step objects one by one.
        const loading = api.load(JSON.stringify(scenario), guess);
        if (!mark) set({ status: "booting" });
        const answer = await loading;
        if ("error" in answer) {
          return () =>
            set({
              status: "ready",
              lastResult: { command: label, result: { ok: false, errno: "EINVAL", reason: answer.error } },
            });
        }
        // Stepping shows what it touched: forward the step now applied, back the step just undone.
        const next = stepFocus(answer.view, forward ? all[n - 1] : all[n], forward) ?? selection;
        const sameWant = JSON.stringify(wantFor(next)) === JSON.stringify(guess);
        const [details, writes] = await Promise.all([
          sameWant ? answer.details : api.details(wantFor(next)),
          mark && n > 0 ? api.stepWrites(n - 1) : undefined,
        ]);
        return () => {
          set({
            status: "ready",
            view: answer.view,
            details,
            base,
            steps: scenario.steps,
            future: all.slice(n),
            selection: next,
            lastResult: mark
              ? mark(writes)
              : { command: label, result: { ok: true, summary: answer.view.title || label } },
          });
          get().followSelection(next);
        };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return () => fail(message);
      }
    };

    /** Leaves an imported machine for the session it replaced (undo while imported). */
    const leaveImport = async (): Promise<void> => {
      const { base, steps, imported } = get();
      if (!imported) return;
      if (!base) {
        // Imported before anything was booted: the default machine.
        if (await boot(DEFAULT_PRESET.scenario, "back from the import"))
          set({ imported: undefined, selection: undefined });
        return;
      }
      const own = { ...base, steps };
      if (await boot(own, `back from the import to ${base.title || "the simulation"}`, own)) {
        set({ imported: undefined, selection: undefined });
      }
    };
    const readOnly = (command: string): void =>
      set({
        lastResult: {
          command,
          result: {
            ok: false,
            errno: "EPERM",
            reason: "the imported machine is read-only history: use “Simulate a machine like this” or Undo first",
          },
        },
      });

    /** Undo, redo or a jump: a step of this epoch, or another epoch booted at one of its steps. */
    const move = async (m: Move | undefined): Promise<void> => {
      if (!m) return;
      if (m.kind === "step") return (await goToStep(m.n))?.();
      const { selection } = get();
      const { to, at } = m;
      const back = m.earlier.length < get().earlier.length;
      const label = `${back ? "back" : "forward"} to ${machineText(to.base.machine)}, step ${at}`;
      // Asked for again: an epoch may come from an autosave, whose text is not the worker's own.
      if (!(await boot({ ...to.base, steps: to.steps.slice(0, at) }, label))) return;
      set({ future: to.steps.slice(at), start: to.start, began: to.began, earlier: m.earlier, later: m.later });
      await get().select(selection);
    };

    return {
      ...paneSlice(set, get, store),
      status: "booting",
      client: undefined,
      view: undefined,
      lastResult: undefined,
      failure: undefined,
      base: undefined,
      steps: [],
      future: [],
      start: 0,
      began: undefined,
      earlier: [],
      later: [],
      selection: undefined,
      wantInterrupts: false,
      collapsed: loadFold(),
      details: {},
      imported: undefined,
      importProgress: undefined,

      async importDump(files, label) {
        const wasReady = get().view !== undefined;
        const command = `import ${label}`;
        set({ importProgress: { fraction: 0, what: `reading ${label}` } });
        try {
          const api = await session();
          const onProgress = (fraction: number, what: string) => set({ importProgress: { fraction, what } });
          const answer = await api.importDump(
            files,
            { ...want(), irq: undefined, cpu: undefined, domain: undefined },
            proxy(onProgress),
          );
          if ("error" in answer) {
            set({
              importProgress: undefined,
              status: wasReady ? get().status : "failed",
              lastResult: { command, result: { ok: false, errno: "EINVAL", reason: answer.error } },
            });
            return false;
          }
          set({
            status: "ready",
            view: answer.view,
            details: answer.details,
            selection: undefined,
            imported: { like: answer.like, label },
            importProgress: undefined,
            lastResult: {
              command,
              result: { ok: true, summary: `${answer.view.provenance?.label ?? label}: imported, read-only` },
            },
          });
          return true;
        } catch (e) {
          set({ importProgress: undefined });
          fail(e instanceof Error ? e.message : String(e));
          return false;
        }
      },

      async chooseImported(k) {
        const { imported } = get();
        if (!imported) return;
        try {
          const answer = await (await session()).chooseImported(k, { ...want(), irq: undefined, cpu: undefined });
          if ("error" in answer) return;
          set({
            view: answer.view,
            details: answer.details,
            selection: undefined,
            imported: { ...imported, like: answer.like },
            lastResult: {
              command: `import ${imported.label}`,
              result: { ok: true, summary: `${answer.view.provenance?.label ?? ""}: imported, read-only` },
            },
          });
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
        }
      },

      async select(selection) {
        set({ selection });
        get().followSelection(selection);
        await refreshDetails();
      },

      async showInterrupts(on) {
        set({ wantInterrupts: on });
        if (on) await refreshDetails();
      },

      async setCollapsed(ids) {
        set({ collapsed: ids });
        saveFold(ids);
        // No tree yet, or no worker to ask: the next load (or the replay after a restart) lays it out with this fold.
        if (!get().view || get().status === "failed") return;
        try {
          const api = await session();
          // The world's machines fold too (their ids carry their role): laid out again beside the tree.
          const [tree, world] = await Promise.all([api.layout(ids), get().view?.world ? api.world(ids) : undefined]);
          set((s) => (s.view ? { view: { ...s.view, tree, ...(world ? { world } : {}) } } : {}));
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
        }
      },

      async load(scenario, label) {
        const before = get();
        const ok = await boot(scenario, `load ${label}`);
        // Whatever was imported is left behind: the worker booted a simulation over it.
        if (ok) set({ imported: undefined });
        // A scenario loaded over a session is a new machine: the session before stays one undo away.
        if (ok)
          set((s) => ({
            future: [],
            selection: undefined,
            ...afterNewEpoch(before),
            start: before.base ? s.steps.length : 0,
            began: before.base ? { label: `load ${label}`, refused: [] } : undefined,
          }));
        return ok;
      },

      scenario() {
        const { base, steps } = get();
        return base ? ({ ...base, steps: [...steps] } as Scenario) : undefined;
      },

      async goTo(n, mark, together) {
        await queued(async () => {
          const show = get().imported
            ? () => readOnly(`go to step ${n}`)
            : ((await goToStep(n, mark)) ?? (() => undefined));
          if (together) await together(show);
          else show();
        });
      },

      async undo() {
        await queued(() => (get().imported ? leaveImport() : move(undoMove(get()))));
      },

      async redo() {
        if (get().imported) return;
        await queued(() => move(redoMove(get())));
      },

      async goToEpoch(offset) {
        await queued(() => move(epochMove(get(), offset)));
      },

      async setMachine(knobs) {
        const before = get();
        const { base, steps, status } = before;
        if (!base || status !== "ready") return { ok: false, error: "the machine is not ready" };
        if (before.imported) return { ok: false, error: "the imported machine is read-only history" };
        const label = machineChangeLabel(base.machine, knobs);
        if (label === "") return { ok: true, refused: 0 };
        const command = `machine ${label}`;
        set({ status: "booting" });
        try {
          const api = await session();
          const answer = await api.rebuild({ ...base, machine: { ...base.machine, ...knobs } }, steps, want());
          if ("error" in answer) {
            set({
              status: "ready",
              lastResult: { command, result: { ok: false, errno: "EINVAL", reason: answer.error } },
            });
            return { ok: false, error: answer.error };
          }
          const { steps: kept, ...next } = await api.scenario();
          const refused = answer.refused.flatMap((r) => {
            const step = steps[r.n];
            return step ? [{ step, reason: r.reason }] : [];
          });
          const changed = answer.changed.map((c) => ({ n: c.n, what: c.what, changes: c.changes }));
          const summary =
            `${kept.length} of ${steps.length} steps replayed` +
            (refused.length
              ? `; refused by the new machine: ${refused.map((r) => `${stepText(r.step)} (${r.reason})`).join("; ")}`
              : "") +
            (changed.length
              ? `; ${changed.length} changed: ${changed.map((c) => `#${c.n + 1} ${c.what} (${c.changes.join(", ")})`).join("; ")}`
              : "");
          set({
            status: "ready",
            view: answer.view,
            details: answer.details,
            base: next,
            steps: kept,
            future: [],
            start: kept.length,
            began: { label, refused, changed },
            ...afterNewEpoch(before),
            lastResult: {
              command,
              result: { ok: true, summary },
              ...(refused.length + changed.length ? { changed: refused.length + changed.length } : {}),
            },
          });
          return { ok: true, refused: refused.length };
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      },

      async apply(cmd, label) {
        if (get().status !== "ready") return undefined;
        if (get().imported) {
          readOnly(label ?? stepText(cmd));
          return undefined;
        }
        try {
          const answer = await (await session()).apply(cmd, want());
          set((s) => ({
            view: answer.view,
            details: answer.details,
            steps: answer.recorded ? s.steps.concat([answer.step ?? cmd]) : s.steps,
            future: answer.recorded ? [] : s.future,
            lastResult: {
              command: label ?? stepText(cmd),
              result: answer.result,
              ...(answer.recorded && answer.view.lastWrites ? { writes: answer.view.lastWrites } : {}),
            },
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
        // An imported machine is not kept in the worker's replay: the restart returns to the simulation.
        set({ imported: undefined });
        handle?.dispose();
        handle = undefined;
        set({ failure: undefined, client: undefined });
        if (!(await boot(session ?? DEFAULT_PRESET.scenario, "replay after restart"))) return;
        set({ future });
        await get().select(selection);
      },

      dispose() {
        handle?.dispose();
        handle = undefined;
      },
    };
  });
}
