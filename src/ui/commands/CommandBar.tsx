/**
 * The keyboard's way in: the palette and help buttons in the top bar, and the one dispatcher of the
 * global keys (the actions registry: Ctrl+K, ?, Ctrl+Z, Alt+[ …), which opens these two views.
 */
import { useEffect, useState } from "react";
import { useActionKeys } from "../actions/useActionKeys";
import { CommandPalette, HelpDialog, preloadLazyViews } from "../lazy/lazy-views";
import { MountWhenOpened } from "../lazy/MountWhenOpened";
import { useIrqStore } from "../store-context";

export function CommandBar() {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const ready = useIrqStore((s) => s.status === "ready");

  useEffect(preloadLazyViews, []);

  useActionKeys((view) => (view === "palette" ? setPalette(true) : setHelp(true)));

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
