/**
 * Import a machine: paste what it printed, drop files on the box, or pick them. The text goes to the
 * worker as is (a 100,000-line paste is parsed there, with progress); the dialog closes once the
 * machine is shown, and stays open with the reason when nothing in it could be read.
 */
import { type DragEvent, useState } from "react";
import { Modal } from "../dialogs/Modal";
import { useIrqStore } from "../store-context";
import { readFiles } from "./import-input";
import { useImportInput } from "./useImportInput";

export function PasteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [text, setText] = useState("");
  const [over, setOver] = useState(false);
  const importInput = useImportInput();
  const progress = useIrqStore((s) => s.importProgress);
  const error = useIrqStore((s) =>
    s.lastResult && !s.lastResult.result.ok && s.lastResult.command.startsWith("import ")
      ? s.lastResult.result.reason
      : undefined,
  );
  const [tried, setTried] = useState(false);
  const run = async (files: { name: string; text: string }[]) => {
    setTried(true);
    if (await importInput(files)) {
      setText("");
      setTried(false);
      onClose();
    }
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    await run(await readFiles(e.dataTransfer.files));
  };
  return (
    <Modal open={open} onClose={onClose} title="Import a machine" className="paste-dialog" testId="paste-dialog">
      <p className="muted">
        Paste <code>cat /proc/interrupts</code>, debugfs <code>irq/irqs/*</code> or <code>irq/domains/*</code> (with or
        without <code>==&gt; path &lt;==</code> headers), or the interrupt lines of <code>dmesg</code>. It is drawn as
        read-only history; a scenario file loads as a simulation.
      </p>
      <textarea
        data-autofocus
        className={`paste-box mono${over ? " drop-over" : ""}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void onDrop(e)}
        aria-label="what the machine printed"
        placeholder="paste here, or drop files"
        spellCheck={false}
        rows={14}
        data-testid="paste-box"
      />
      {progress ? (
        <p className="import-progress" data-testid="import-progress">
          <progress value={progress.fraction} max={1} aria-label="import progress" /> {progress.what}
        </p>
      ) : null}
      {tried && error ? (
        <p className="err" role="alert" data-testid="paste-error">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <label className="import-label">
          Choose files…
          <input
            type="file"
            multiple
            onChange={(e) => {
              const list = e.target.files;
              if (list) void readFiles(list).then(run);
              e.target.value = "";
            }}
            data-testid="paste-files"
          />
        </label>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={text.trim() === "" || progress !== undefined}
          onClick={() => void run([{ name: "paste", text }])}
          data-testid="paste-import"
        >
          Import
        </button>
      </div>
    </Modal>
  );
}
