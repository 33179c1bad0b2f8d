/** An irq number in a table that selects the irq (the row's own click is not triggered too). */
import { useIrqStore } from "../store-context";

export function IrqLink({ irq, label }: { irq: number; label: string }) {
  const select = useIrqStore((s) => s.select);
  return (
    <button
      type="button"
      className="link"
      onClick={(e) => {
        e.stopPropagation();
        void select({ kind: "irq", irq });
      }}
      aria-label={label}
    >
      {irq}
    </button>
  );
}
