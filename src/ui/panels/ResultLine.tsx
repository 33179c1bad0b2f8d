/** The outcome of the last command: ok with what it produced, a silent failure, or the errno and the kernel's reason. */
import { ERRNO } from "../../kernel/errno";
import { useIrqStore } from "../store-context";
import { WritesSaid } from "./WritesSaid";

export function ResultLine() {
  const last = useIrqStore((s) => s.lastResult);
  if (!last) return <output className="result idle">Ready.</output>;
  const { result } = last;
  const silent = result.ok && result.silent !== undefined;
  return (
    <output
      className={`result ${result.ok ? (silent || last.changed ? "silent" : "ok") : "err"}`}
      data-testid="result"
      aria-live="polite"
    >
      <span className="result-cmd">{last.command}</span>
      {result.ok ? (
        silent ? (
          <span>
            {" "}
            → ok, but <strong data-testid="result-silent">silent failure: {result.silent}</strong>. {result.summary}
          </span>
        ) : last.changed ? (
          <span>
            {" "}
            →{" "}
            <strong data-testid="result-changed">
              the new machine changed {last.changed} step{last.changed > 1 ? "s" : ""}
            </strong>
            : {result.summary}
          </span>
        ) : (
          <span> → ok: {result.summary}</span>
        )
      ) : (
        <span>
          {" "}
          → <strong data-testid="result-errno">-{result.errno}</strong> ({-ERRNO[result.errno]}): {result.reason}
        </span>
      )}
      {last.writes ? <WritesSaid writes={last.writes} /> : null}
    </output>
  );
}
