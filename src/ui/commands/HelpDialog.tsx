/** The keyboard shortcuts (from the actions registry) and every palette command, opened with `?`. */
import { shortcutRows } from "../actions/registry";
import { Modal } from "../dialogs/Modal";
import { COMMANDS, usageOf } from "./parse";

export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Keyboard shortcuts and commands" className="help" testId="help">
      {/* A region that scrolls, so it takes the focus (arrow keys scroll it). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="help-body" aria-label="shortcuts and commands" tabIndex={0}>
        <table className="help-table" data-testid="help-shortcuts">
          <caption>Shortcuts</caption>
          <tbody>
            {shortcutRows().map(([keys, what]) => (
              <tr key={keys}>
                <th scope="row">
                  {keys.split(", ").map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ", " : null}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="help-table" data-testid="help-commands">
          <caption>Palette commands</caption>
          <tbody>
            {COMMANDS.map((c) => (
              <tr key={c.name}>
                <th scope="row" className="mono">
                  {usageOf(c)}
                </th>
                <td>{c.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="modal-buttons">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
