/**
 * One side of a compare: its label (the new side says it is the Dec 2021 proposal, not shipped
 * behaviour), the outcome of the step it stands after, its canvas, a picker of its interrupts by
 * device entry, and its inspector. Everything under it reads its own pane store.
 */
import { memo, useMemo } from "react";
import type { Scheme } from "../../sim/compare";
import { DomainCanvas } from "../canvas/DomainCanvas";
import { Inspector } from "../inspector/Inspector";
import { ResultLine } from "../panels/ResultLine";
import { StoreProvider, useIrqStore } from "../store-context";
import { useCompare } from "./compare-context";

const HEADS: Record<Scheme, { title: string; sub: string }> = {
  old: { title: "old scheme", sub: "what kernels and hypervisors did in 2021" },
  new: { title: "new scheme", sub: "the Dec 2021 proposal: a design, not shipped behaviour" },
};

/** An option's value and words, one per line: a selector answer that is equal while the irqs read the same. */
function optionLines(
  irqs: readonly { irq: number; device: string; store: string; slot: number }[] | undefined,
): string {
  return (irqs ?? []).map((r) => `${r.irq}\t${r.device} ${r.store} ${r.slot} (irq ${r.irq})`).join("\n");
}

/**
 * The pane's interrupts by device entry: choosing one selects it here and its counterpart there. Drawn
 * again only when the list reads differently (a step back that moves an irq does not change it).
 */
function IrqPicker({ side }: { side: Scheme }) {
  const lines = useIrqStore((s) => optionLines(s.view?.irqs));
  const listed = useIrqStore((s) => s.view?.irqs.length ?? 0);
  const total = useIrqStore((s) => s.view?.irqTotal ?? 0);
  const selected = useIrqStore((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const select = useIrqStore((s) => s.select);
  const options = useMemo(
    () =>
      lines
        ? lines.split("\n").map((line) => {
            const [irq, words] = line.split("\t");
            return (
              <option key={irq} value={irq}>
                {words}
              </option>
            );
          })
        : [],
    [lines],
  );
  const id = `compare-irq-${side}`;
  return (
    <div className="pane-picker">
      <label htmlFor={id}>interrupt</label>
      <select
        id={id}
        value={selected === undefined ? "" : String(selected)}
        onChange={(e) => void select(e.target.value === "" ? undefined : { kind: "irq", irq: Number(e.target.value) })}
        data-testid={`compare-irq-${side}`}
      >
        <option value="">— choose a device entry —</option>
        {options}
      </select>
      {total > listed ? (
        <span className="muted">
          first {listed} of {total}
        </span>
      ) : null}
    </div>
  );
}

function Unmatched({ side }: { side: Scheme }) {
  const text = useCompare((s) => (s.unmatched?.side === side ? s.unmatched.text : undefined));
  return text ? (
    <p className="pane-unmatched" role="status" data-testid={`unmatched-${side}`}>
      No counterpart here: {text}.
    </p>
  ) : null;
}

function PaneBody({ side }: { side: Scheme }) {
  const status = useIrqStore((s) => s.status);
  const booted = useIrqStore((s) => s.view !== undefined);
  const differs = useCompare((s) => s.result?.steps[s.at - 1]?.differs ?? false);
  const head = HEADS[side];
  return (
    <section
      className={`compare-pane pane-${side}`}
      aria-label={`${head.title}: ${head.sub}`}
      data-testid={`pane-${side}`}
      data-status={status}
    >
      <header className="pane-head">
        <h2 className="pane-title">{head.title}</h2>
        <span className="pane-sub">{head.sub}</span>
      </header>
      <div className={`pane-result${differs ? " differs" : ""}`} data-testid={`pane-result-${side}`}>
        <ResultLine />
      </div>
      {booted ? (
        <>
          <div className="pane-canvas canvas">
            <DomainCanvas ownTimeline={false} />
          </div>
          <div className="pane-lower">
            <IrqPicker side={side} />
            <Unmatched side={side} />
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard */}
            <aside className="side pane-inspector" aria-label={`${head.title} inspector`} tabIndex={0}>
              <Inspector />
            </aside>
          </div>
        </>
      ) : (
        <p className="loading">Booting the {head.title}…</p>
      )}
    </section>
  );
}

/** Memoised: the compare's own state changes (the step counter, busy) do not redraw a pane's canvas. */
export const ComparePane = memo(function ComparePane({ side }: { side: Scheme }) {
  const store = useCompare((s) => s.panes[side]);
  return (
    <StoreProvider store={store}>
      <PaneBody side={side} />
    </StoreProvider>
  );
});
