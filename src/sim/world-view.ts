/**
 * The world a pane draws beside its own machine (world.ts): today the NTB ports' peer hosts
 * (world-ntb.ts); a guest's host adds its machine and `backs` links here.
 */
import type { Platform } from "../kernel/platform";
import type { MachineRole } from "./tree-ids";
import type { WorldExtras } from "./world";
import { ntbWorld } from "./world-ntb";

/** The other machines of `p`'s world and the links to them, laid out with `collapsed`; none: undefined. */
export function worldView(p: Platform, role: MachineRole, collapsed: readonly string[] = []): WorldExtras | undefined {
  const parts = [ntbWorld(p, role, collapsed)];
  const machines = parts.flatMap((w) => w.machines);
  return machines.length ? { machines, links: parts.flatMap((w) => w.links) } : undefined;
}
