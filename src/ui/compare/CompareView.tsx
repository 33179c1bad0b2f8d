/** Compare mode: the bar, a message when something was refused, and old | differences | new. */

import { CompareBar } from "./CompareBar";
import { ComparePane } from "./ComparePane";
import { useCompare } from "./compare-context";
import { DiffList } from "./DiffList";
import "./compare.css";

export function CompareView({ workspace }: { workspace: () => unknown }) {
  const status = useCompare((s) => s.status);
  const message = useCompare((s) => s.message);
  const started = useCompare((s) => s.result !== undefined);
  return (
    <div className="app compare-app">
      <CompareBar workspace={workspace} />
      {message ? (
        <p className="compare-message" role="alert" data-testid="compare-message">
          {message}
        </p>
      ) : null}
      {started ? (
        <main className="compare" data-status={status} data-testid="compare-view" aria-busy={status === "loading"}>
          <ComparePane side="old" />
          <DiffList />
          <ComparePane side="new" />
        </main>
      ) : (
        <p className="loading">Running both schemes…</p>
      )}
    </div>
  );
}
