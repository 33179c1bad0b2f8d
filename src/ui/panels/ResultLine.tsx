/** The outcome of the last command: ok with what it produced, or the errno and the kernel's reason. */
import { ERRNO } from "../../kernel/errno";
import { useSim } from "../store";

export function ResultLine() {
  const last = useSim((s) => s.lastResult);
  if (!last) return <output className="result idle">Ready.</output>;
  const { result } = last;
  return (
    <output className={`result ${result.ok ? "ok" : "err"}`} data-testid="result" aria-live="polite">
      <span className="result-cmd">{last.command}</span>
      {result.ok ? (
        <span> → ok: {result.summary}</span>
      ) : (
        <span>
          {" "}
          → <strong data-testid="result-errno">-{result.errno}</strong> ({-ERRNO[result.errno]}): {result.reason}
        </span>
      )}
    </output>
  );
}
