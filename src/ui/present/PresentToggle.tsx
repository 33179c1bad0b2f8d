/** The header's presentation-mode switch; the P key (actions registry) does the same. */
import { actionById } from "../actions/registry";
import "./present.css";
import { usePresentation } from "./presentation";

const present = actionById("present");

export function PresentToggle() {
  const on = usePresentation((s) => s.on);
  const toggle = usePresentation((s) => s.toggle);
  return (
    <button
      type="button"
      className="present-toggle"
      aria-pressed={on}
      onClick={toggle}
      title={`${present.label[0]?.toUpperCase()}${present.label.slice(1)} (${present.keys[0]})`}
      data-testid="present-toggle"
    >
      Present
    </button>
  );
}
