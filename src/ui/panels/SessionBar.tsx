/**
 * The session's timeline and its way out: undo/redo (also Ctrl+Z / Ctrl+Shift+Z), the step
 * counter, a share link, export and import of the scenario as JSON.
 */
import { useEffect, useRef, useState } from "react";
import { download } from "../download";
import { redoMove, undoMove } from "../history";
import { shareUrl } from "../session";
import { useSim } from "../store";

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}

export function SessionBar() {
  const cursor = useSim((s) => s.steps.length);
  const total = useSim((s) => s.steps.length + s.future.length);
  const ready = useSim((s) => s.status === "ready");
  // Undo and redo also cross machine changes (history.ts), beyond this machine's steps.
  const canUndo = useSim((s) => undoMove(s) !== undefined);
  const canRedo = useSim((s) => redoMove(s) !== undefined);
  const { undo, redo, load } = useSim.getState();
  const [link, setLink] = useState("");
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) void useSim.getState().undo();
      else if ((key === "z" && e.shiftKey) || key === "y") void useSim.getState().redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onShare = async () => {
    const url = shareUrl();
    if (!url) return;
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission: the link is shown to copy by hand.
    }
  };
  const onExport = () => {
    const s = useSim.getState().scenario();
    if (s) {
      const json = `${JSON.stringify(s, null, 2)}\n`;
      download("irqscope-scenario.json", new Blob([json], { type: "application/json" }));
    }
  };
  const onImport = async (f: File | undefined) => {
    if (!f) return;
    await load(await f.text(), f.name);
    if (file.current) file.current.value = "";
  };

  return (
    <div className="session-bar" role="toolbar" aria-label="timeline and sharing">
      <button
        type="button"
        onClick={() => void undo()}
        disabled={!ready || !canUndo}
        title="Undo (Ctrl+Z)"
        data-testid="undo"
      >
        Undo
      </button>
      <span className="step-counter" data-testid="step-counter" aria-live="polite">
        step {cursor}/{total}
      </span>
      <button
        type="button"
        onClick={() => void redo()}
        disabled={!ready || !canRedo}
        title="Redo (Ctrl+Shift+Z)"
        data-testid="redo"
      >
        Redo
      </button>
      <button type="button" onClick={() => void onShare()} disabled={!ready} data-testid="share">
        Share
      </button>
      <button type="button" onClick={onExport} disabled={!ready} data-testid="export">
        Export
      </button>
      <label className="import-label">
        Import
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          onChange={(e) => void onImport(e.target.files?.[0])}
          data-testid="import"
        />
      </label>
      {link ? (
        <input
          className="share-link"
          readOnly
          value={link}
          aria-label="share link"
          data-testid="share-link"
          onFocus={(e) => e.target.select()}
        />
      ) : null}
    </div>
  );
}
