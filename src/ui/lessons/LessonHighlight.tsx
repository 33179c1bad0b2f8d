/**
 * Lights what a lesson step looks at: the canvas node, the irq's row, the CPU's row or one field of the
 * inspector's bit table, with a style rule on the element's stable attributes (React Flow's `data-id`,
 * the rows' test ids, the bit rows' `data-field`), so a re-rendered or scrolled-in row is lit too. On
 * entering the step it also selects what the step is about (the inspector shows it, the canvas follows)
 * and opens the tab holding the row, once: the learner may click elsewhere afterwards.
 */
import { useEffect, useRef } from "react";
import type { Highlight } from "../../lessons/schema";
import type { MachineView } from "../../sim/views";
import { useIrqStore, useIrqStoreApi } from "../store-context";

/** The irq a highlight names, from the view's irq rows (device + store + slot). */
export function irqOfHighlight(view: MachineView | undefined, h: Highlight): number | undefined {
  if (!view || (h.kind !== "irq" && h.kind !== "bits")) return undefined;
  const rows = view.irqs.filter((r) => r.device === h.device && (h.store === undefined || r.store === h.store));
  return (rows.find((r) => r.slot === h.index) ?? (rows.length === 1 && h.index === 0 ? rows[0] : undefined))?.irq;
}

/** The CSS selector of the lit element(s), or undefined while it does not exist yet. */
function selectorOf(view: MachineView | undefined, h: Highlight): string | undefined {
  const esc = (s: string) => CSS.escape(s);
  switch (h.kind) {
    case "node": {
      const role = view?.role ?? "main";
      return `.react-flow__node[data-id="${esc(`${role}/domain:${h.name}`)}"], .react-flow__node[data-id="${esc(`${role}/device:${h.name}`)}"]`;
    }
    case "cpu":
      return `[data-testid="cpu-row-${h.cpu}"]`;
    case "irq": {
      const irq = irqOfHighlight(view, h);
      return irq === undefined ? undefined : `[data-testid="irq-row-${irq}"]`;
    }
    case "bits": {
      const table = h.of === "message" ? "msg-bits" : "irte-bits";
      return `[data-testid="${table}"] tr[data-field="${esc(h.field)}"]`;
    }
  }
}

/** `stepKey` names one visit of a step; undefined while the step's machine is loading (nothing to select yet). */
export function LessonHighlight({
  highlight,
  stepKey,
}: {
  highlight: Highlight | undefined;
  stepKey: string | undefined;
}) {
  const store = useIrqStoreApi();
  const view = useIrqStore((s) => s.view);
  const details = useIrqStore((s) => s.details);
  const selected = useRef<string | undefined>(undefined);
  const scrolled = useRef<string | undefined>(undefined);
  const selector = highlight ? selectorOf(view, highlight) : undefined;

  // Select what the step is about and open its tab, once per step entered.
  useEffect(() => {
    if (!highlight || !view || !stepKey || selected.current === stepKey) return;
    const s = store.getState();
    if (highlight.kind === "node") {
      const isDevice = view.devices.some((d) => d.name === highlight.name);
      selected.current = stepKey;
      void s.select(isDevice ? { kind: "device", name: highlight.name } : { kind: "domain", name: highlight.name });
    } else if (highlight.kind === "cpu") {
      selected.current = stepKey;
      s.openTab("cpus");
      void s.select({ kind: "cpu", cpu: highlight.cpu });
    } else {
      const irq = irqOfHighlight(view, highlight);
      if (irq === undefined) return;
      selected.current = stepKey;
      if (highlight.kind === "irq") s.openTab("irqs");
      void s.select({ kind: "irq", irq });
    }
  }, [highlight, view, stepKey, store]);

  // Bring the lit element into view once it is drawn (the inspector's bit table comes with the details).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the details or view are redrawn
  useEffect(() => {
    if (!selector || !stepKey || scrolled.current === stepKey || highlight?.kind === "node") return;
    const el = document.querySelector(selector);
    if (!el) return;
    scrolled.current = stepKey;
    el.scrollIntoView({ block: highlight?.kind === "bits" ? "center" : "nearest", inline: "start" });
  }, [selector, stepKey, details, view, highlight]);

  if (!selector) return null;
  // A lit field of a bit table is drawn larger: it is what the step is about, and the table's type is small.
  const bigger = highlight?.kind === "bits" ? `${selector} { font-size: 1.2em; font-weight: 600; }` : "";
  return (
    <style data-testid="lesson-highlight-style">{`${selector} { outline: 4px solid var(--lesson-mark) !important; outline-offset: 2px; }
${selector
  .split(", ")
  .map((s) => `${s} > *`)
  .join(", ")} { background-color: var(--lesson-mark-bg) !important; }
${bigger}`}</style>
  );
}
