/**
 * The keyboard's way in: the palette and help buttons in the top bar, and the global shortcuts:
 * Ctrl+K (palette), ? (help), Alt+[ / Alt+] (step back / forward along the timeline, like undo/redo).
 */
import { useEffect, useState } from "react";
import { CommandPalette, HelpDialog, preloadLazyViews } from "../lazy/lazy-views";
import { MountWhenOpened } from "../lazy/MountWhenOpened";
import { useSim } from "../store";

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}

/** Whether a modal dialog is open (its own keys win). */
const dialogOpen = () => document.querySelector("dialog[open]") !== null;

export function CommandBar() {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const ready = useSim((s) => s.status === "ready");

  useEffect(preloadLazyViews, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (!dialogOpen()) setPalette(true);
        return;
      }
      if (isTyping(e.target) || dialogOpen() || e.ctrlKey || e.metaKey) return;
      if (e.key === "?") {
        e.preventDefault();
        setHelp(true);
      } else if (e.altKey && (e.code === "BracketLeft" || e.code === "BracketRight")) {
        e.preventDefault();
        // Not dropped while a replay is booting: the store runs the moves one after another.
        const sim = useSim.getState();
        void (e.code === "BracketLeft" ? sim.undo() : sim.redo());
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="command-bar">
      <button
        type="button"
        onClick={() => setPalette(true)}
        disabled={!ready}
        title="Every action as a typed command (Ctrl+K)"
        data-testid="open-palette"
      >
        Commands <kbd>Ctrl+K</kbd>
      </button>
      <button
        type="button"
        onClick={() => setHelp(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        data-testid="open-help"
      >
        ?
      </button>
      <MountWhenOpened open={palette}>
        <CommandPalette open={palette} onClose={() => setPalette(false)} onHelp={() => setHelp(true)} />
      </MountWhenOpened>
      <MountWhenOpened open={help}>
        <HelpDialog open={help} onClose={() => setHelp(false)} />
      </MountWhenOpened>
    </div>
  );
}
