/**
 * The session's timeline and its way out: undo/redo (their keys are in the actions registry), the step
 * counter, a share link, export and import of the scenario as JSON.
 */
import { useRef, useState } from "react";
import { actionById } from "../actions/registry";
import { download } from "../download";
import { shareUrl } from "../session";
import { useIrqStore, useIrqStoreApi } from "../store-context";

const UNDO = actionById("undo");
const REDO = actionById("redo");

export function SessionBar() {
  const cursor = useIrqStore((s) => s.steps.length);
  const total = useIrqStore((s) => s.steps.length + s.future.length);
  const ready = useIrqStore((s) => s.status === "ready");
  // Undo and redo also cross machine changes (history.ts), beyond this machine's steps.
  const canUndo = useIrqStore(UNDO.enabledWhen);
  const canRedo = useIrqStore(REDO.enabledWhen);
  const store = useIrqStoreApi();
  const { undo, redo, load } = store.getState();
  const [link, setLink] = useState("");
  const file = useRef<HTMLInputElement>(null);

  const onShare = async () => {
    const url = shareUrl(store);
    if (!url) return;
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission: the link is shown to copy by hand.
    }
  };
  const onExport = () => {
    const s = store.getState().scenario();
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
        title={`Undo (${UNDO.keys.join(", ")})`}
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
        title={`Redo (${REDO.keys.join(", ")})`}
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
