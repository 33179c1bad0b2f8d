/**
 * A selection's counterpart on the other side of a compare: a device, domain or CPU by its name; an
 * irq by what it is (its device entry, "nvme0 msix 3", or chip and slot), asked of both sessions,
 * because irq numbers differ between the two machines.
 */
import type { SessionClient } from "../../worker/api";
import type { Selection } from "../store";

export interface Counterpart {
  readonly selection: Selection | undefined;
  /** Set when the other side has no such thing: what is missing, in words. */
  readonly missing?: string;
}

async function irqCounterpart(
  irq: number,
  from: SessionClient,
  to: SessionClient,
): Promise<{ irq: number } | { missing: string }> {
  const identity = await from.irqIdentity(irq);
  if (identity === undefined) return { missing: `irq ${irq} is not allocated on this side` };
  const other = await to.irqByIdentity(identity);
  return other === undefined ? { missing: `no interrupt is ${identity} at this step` } : { irq: other };
}

export async function counterpartOf(
  sel: Selection | undefined,
  from: SessionClient | undefined,
  to: SessionClient | undefined,
): Promise<Counterpart> {
  if (!sel) return { selection: undefined };
  if (sel.kind !== "irq" && !(sel.kind === "cpu" && sel.irq !== undefined)) return { selection: sel };
  if (!from || !to) return { selection: undefined, missing: "the other side is not ready" };
  const irq = sel.kind === "irq" ? sel.irq : (sel.irq ?? 0);
  const found = await irqCounterpart(irq, from, to);
  if ("missing" in found) {
    return sel.kind === "cpu" ? { selection: { kind: "cpu", cpu: sel.cpu } } : { selection: undefined, ...found };
  }
  return { selection: sel.kind === "irq" ? { kind: "irq", irq: found.irq } : { ...sel, irq: found.irq } };
}
