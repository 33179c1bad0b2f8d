/**
 * The world a pane draws beside its own machine (world.ts): today the NTB ports' peer hosts
 * (world-ntb.ts) and a guest's host with a `backs` link per guest interrupt (guest/world-view.ts).
 */
import type { Platform } from "../kernel/platform";
import { guestWorldOf } from "./guest/guest-world";
import { guestWorldExtras } from "./guest/world-view";
import type { MachineRole } from "./tree-ids";
import type { WorldExtras } from "./world";
import { ntbWorld } from "./world-ntb";

/** The other machines of `p`'s world and the links to them, laid out with `collapsed`; none: undefined. */
export function worldView(
  p: Platform,
  role: MachineRole,
  collapsed: readonly string[] = [],
  shown?: ReadonlySet<number>,
): WorldExtras | undefined {
  const guest = guestWorldOf(p);
  // A guest's links are bounded by the irqs its view lists (`shown`), as the view bounds its rows.
  const parts = [ntbWorld(p, role, collapsed), ...(guest ? [guestWorldExtras(guest, role, collapsed, shown)] : [])];
  const machines = parts.flatMap((w) => w.machines);
  return machines.length ? { machines, links: parts.flatMap((w) => w.links) } : undefined;
}
