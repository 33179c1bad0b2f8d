/**
 * The session's timeline and its way out: undo/redo (their keys are in the actions registry), the step
 * counter, a share link, export of the scenario as JSON; Import takes a scenario back, or files a
 * real machine printed (several at once), and "Paste…" opens the box for a pasted dump.
 */
import { useRef, useState } from "react";
import { actionById } from "../actions/registry";
import { download } from "../download";
import { readFiles } from "../import/import-input";
import { useImportInput } from "../import/useImportInput";
import { PasteDialog } from "../lazy/lazy-views";
import { MountWhenOpened } from "../lazy/MountWhenOpened";
import { shareUrl } from "../session";
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { ShareLinkField, useShareLink } from "./share-link-field";

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
  const { undo, redo } = store.getState();
  const imported = useIrqStore((s) => s.imported !== undefined);
  const progress = useIrqStore((s) => s.importProgress);
  const importInput = useImportInput();
  const [pasting, setPasting] = useState(false);
  const [link, share] = useShareLink();
  const file = useRef<HTMLInputElement>(null);

  const onShare = () => share(shareUrl(store));
  const onExport = () => {
    const s = store.getState().scenario();
    if (s) {
      const json = `${JSON.stringify(s, null, 2)}\n`;
      download("irqscope-scenario.json", new Blob([json], { type: "application/json" }));
    }
  };
  const onImport = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    await importInput(await readFiles(list));
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
      <button
        type="button"
        onClick={() => void onShare()}
        disabled={!ready || imported}
        title={imported ? "An imported machine is not a scenario: there is nothing to share" : undefined}
        data-testid="share"
      >
        Share
      </button>
      <button
        type="button"
        onClick={onExport}
        disabled={!ready || imported}
        title={imported ? "An imported machine is not a scenario: simulate a machine like it to export one" : undefined}
        data-testid="export"
      >
        Export
      </button>
      <label
        className="import-label"
        title="A scenario file, or what a machine printed (/proc/interrupts, debugfs, dmesg)"
      >
        Import
        <input ref={file} type="file" multiple onChange={(e) => void onImport(e.target.files)} data-testid="import" />
      </label>
      <button type="button" onClick={() => setPasting(true)} data-testid="open-paste">
        Paste…
      </button>
      {progress && !pasting ? (
        <span className="import-progress" data-testid="import-progress">
          <progress value={progress.fraction} max={1} aria-label="import progress" /> {progress.what}
        </span>
      ) : null}
      <MountWhenOpened open={pasting}>
        <PasteDialog open={pasting} onClose={() => setPasting(false)} />
      </MountWhenOpened>
      <ShareLinkField link={link} label="share link" testId="share-link" />
    </div>
  );
}
