/**
 * The one global key dispatcher: a keydown that is one of an action's chords runs that action, when
 * it is enabled. Not while typing in a field (unless the action says so) nor while a modal dialog is
 * open: their own keys win.
 */
import { useEffect, useRef } from "react";
import { useIrqStoreApi } from "../store-context";
import { chordMatches } from "./keys";
import { ACTIONS, type ActionView } from "./registry";

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}

const dialogOpen = () => document.querySelector("dialog[open]") !== null;

export function useActionKeys(open: (view: ActionView) => void): void {
  const store = useIrqStoreApi();
  const latestOpen = useRef(open);
  latestOpen.current = open;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = ACTIONS.find((a) => a.keys.some((k) => chordMatches(k, e)));
      if (!action) return;
      if (!action.inFields && isTyping(e.target)) return;
      e.preventDefault();
      if (dialogOpen() || !action.enabledWhen(store.getState())) return;
      void action.perform({ store, open: (v) => latestOpen.current(v) });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);
}
