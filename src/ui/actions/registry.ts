/**
 * Every user action with a global key, in one list (Excalidraw's actions are the model): its key
 * chords, the label the help shows, when it is enabled, and what it does. One key dispatcher
 * (useActionKeys.ts) reads it, the help dialog lists it, and the palette and buttons use its labels
 * and enabled-when. Keys a focused widget handles itself are listed after it, for the help alone.
 */
import { redoMove, undoMove } from "../history";
import { usePresentation } from "../present/presentation";
import type { IrqscopeStore, SimState } from "../store";

/** The views an action may open (the command bar owns them). */
export type ActionView = "palette" | "help";

export interface ActionContext {
  readonly store: IrqscopeStore;
  readonly open: (view: ActionView) => void;
}

export interface Action {
  readonly id: ActionId;
  /** Chords as written in the help; the first one is shown on buttons. */
  readonly keys: readonly string[];
  readonly label: string;
  /** Also while typing in a field (and never the field's own, e.g. the browser's Ctrl+K search). */
  readonly inFields?: boolean;
  readonly enabledWhen: (s: SimState) => boolean;
  readonly perform: (ctx: ActionContext) => void | Promise<void>;
}

/**
 * Undo/redo stay enabled while a replay boots (its state still shows what it undoes): the store runs
 * moves one after another, so Ctrl+Z twice during a replay undoes two steps.
 */
export const ACTIONS: readonly Action[] = [
  {
    id: "palette",
    keys: ["Ctrl+K"],
    label: "open the command palette",
    inFields: true,
    enabledWhen: (s) => s.status === "ready",
    perform: ({ open }) => open("palette"),
  },
  {
    id: "help",
    keys: ["?"],
    label: "this help",
    enabledWhen: () => true,
    perform: ({ open }) => open("help"),
  },
  {
    id: "undo",
    keys: ["Ctrl+Z"],
    label: "undo (also across a machine change)",
    enabledWhen: (s) => s.imported !== undefined || undoMove(s) !== undefined,
    perform: ({ store }) => store.getState().undo(),
  },
  {
    id: "redo",
    keys: ["Ctrl+Shift+Z", "Ctrl+Y"],
    label: "redo",
    enabledWhen: (s) => s.imported === undefined && redoMove(s) !== undefined,
    perform: ({ store }) => store.getState().redo(),
  },
  {
    id: "step-back",
    keys: ["Alt+["],
    label: "step back along the timeline",
    enabledWhen: (s) => undoMove(s) !== undefined,
    perform: ({ store }) => store.getState().undo(),
  },
  {
    id: "step-forward",
    keys: ["Alt+]"],
    label: "step forward along the timeline",
    enabledWhen: (s) => redoMove(s) !== undefined,
    perform: ({ store }) => store.getState().redo(),
  },
  {
    id: "script-back",
    keys: ["B"],
    label: "back one step of the script (stays on this machine)",
    enabledWhen: (s) => s.status === "ready" && s.imported === undefined && s.steps.length > 0,
    perform: ({ store }) => store.getState().goTo(store.getState().steps.length - 1),
  },
  {
    id: "script-next",
    keys: ["N"],
    label: "next step of the script, with its caption",
    enabledWhen: (s) => s.status === "ready" && s.imported === undefined && s.future.length > 0,
    perform: ({ store }) => store.getState().goTo(store.getState().steps.length + 1),
  },
  {
    id: "present",
    keys: ["P"],
    label: "presentation mode: text for the back of a room, devices folded",
    enabledWhen: () => true,
    perform: () => usePresentation.getState().toggle(),
  },
];

export type ActionId =
  | "palette"
  | "help"
  | "undo"
  | "redo"
  | "step-back"
  | "step-forward"
  | "script-back"
  | "script-next"
  | "present";

export function actionById(id: ActionId): Action {
  const a = ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
}

/** Keys that the focused widget handles itself (dialogs, the canvas, the tab list): in the help only. */
export const WIDGET_KEYS: readonly (readonly [keys: string, what: string])[] = [
  ["Esc", "close a dialog"],
  ["Tab, Enter", "move to a canvas node, select it"],
  ["← → Home End", "move between the bottom tabs"],
  ["C", "in the vector map: inspect the focused CPU"],
];

/** The help's rows: every action's chords, then the widgets' keys. */
export function shortcutRows(): (readonly [keys: string, what: string])[] {
  return [...ACTIONS.map((a) => [a.keys.join(", "), a.label] as const), ...WIDGET_KEYS];
}
