/**
 * The command palette (Ctrl+K): one line of text for every action, with completion of command names
 * and of the objects of the current view. The input is an ARIA combobox over a listbox of
 * suggestions: the arrows move through them, Tab or Enter on a highlighted one puts it in the line,
 * Enter otherwise runs the line. A command that does not parse, or that the kernel refuses, leaves
 * the palette open with the message; one that succeeds closes it, and the result line says what it did.
 */
import { type KeyboardEvent, useMemo, useState } from "react";
import { PRESETS } from "../../scenario/presets";
import { Modal } from "../dialogs/Modal";
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { complete } from "./complete";
import { commandContext } from "./context";
import { parseCommand } from "./parse";
import { type RunOutcome, runAction } from "./run";

const LIST_ID = "palette-options";
const optionId = (i: number) => `palette-option-${i}`;

export function CommandPalette({ open, onClose, onHelp }: { open: boolean; onClose: () => void; onHelp: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Command palette" className="palette" testId="palette">
      <PaletteBody onClose={onClose} onHelp={onHelp} />
    </Modal>
  );
}

function PaletteBody({ onClose, onHelp }: { onClose: () => void; onHelp: () => void }) {
  const store = useIrqStoreApi();
  const view = useIrqStore((s) => s.view);
  const steps = useIrqStore((s) => s.steps.length + s.future.length);
  const [text, setText] = useState("");
  const [active, setActive] = useState(-1);
  const [outcome, setOutcome] = useState<RunOutcome | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const ctx = useMemo(() => (view ? commandContext(view, steps, PRESETS) : undefined), [view, steps]);
  const { suggestions, hint } = useMemo(
    () => (ctx ? complete(text, ctx) : { suggestions: [], hint: undefined }),
    [text, ctx],
  );
  const current = active >= 0 ? suggestions[active] : undefined;

  const edit = (value: string) => {
    setText(value);
    setActive(-1);
    setOutcome(undefined);
  };
  const run = async () => {
    if (!ctx || busy) return;
    const parsed = parseCommand(text, ctx);
    if (!parsed.ok) {
      setOutcome({ ok: false, text: parsed.error });
      return;
    }
    if (parsed.action.kind === "help") {
      onClose();
      onHelp();
      return;
    }
    setBusy(true);
    const result = await runAction(store, parsed.action, text.trim().replace(/\s+/g, " "));
    setBusy(false);
    if (result.ok) onClose();
    else setOutcome(result);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = suggestions.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (n === 0) return;
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i < 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n));
    } else if (e.key === "Tab" && !e.shiftKey && n > 0) {
      e.preventDefault();
      edit((current ?? suggestions[0])?.text ?? text);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (current) edit(current.text);
      else void run();
    }
  };

  return (
    <div className="palette-body">
      <input
        data-autofocus
        className="palette-input mono"
        role="combobox"
        aria-label="command"
        aria-expanded={suggestions.length > 0}
        aria-controls={LIST_ID}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(active) : undefined}
        aria-describedby="palette-hint palette-outcome"
        autoComplete="off"
        spellCheck={false}
        placeholder="affinity 29 0-3 · offline 3 · alloc nic0 msix 4 managed · undo · help"
        value={text}
        onChange={(e) => edit(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="palette-input"
      />
      <p id="palette-hint" className="palette-hint mono" data-testid="palette-hint">
        {hint ?? "Type a command; Tab completes, ↑/↓ choose, Enter runs, Esc closes."}
      </p>
      <div
        id={LIST_ID}
        role="listbox"
        aria-label="suggestions"
        className="palette-options"
        data-testid="palette-options"
      >
        {suggestions.map((s, i) => (
          // The keys are the combobox's (the input keeps the focus, aria-activedescendant points here);
          // a click picks the suggestion, and preventing the mousedown keeps the focus in the input.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the input's onKeyDown handles the keys for the listbox
          <div
            key={s.value}
            id={optionId(i)}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            className={i === active ? "option active" : "option"}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => edit(s.text)}
          >
            <span className="mono">{s.value}</span> <span className="muted">{s.detail}</span>
          </div>
        ))}
      </div>
      <p
        id="palette-outcome"
        className={`palette-outcome ${outcome ? (outcome.ok ? "ok" : "err") : ""}`}
        role="status"
        data-testid="palette-outcome"
      >
        {busy ? "running…" : (outcome?.text ?? "")}
      </p>
      <div className="modal-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void run()} data-testid="palette-run">
          Run
        </button>
      </div>
    </div>
  );
}
