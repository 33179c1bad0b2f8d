/** The worker's interface, as the UI calls it through comlink. */
import type { MachineConfig } from "../kernel/machine";
import type { Command } from "../sim/commands";
import type { ApplyAnswer, DetailRequest, Details, MachineView } from "../sim/views";

export interface BootAnswer {
  readonly view: MachineView;
  readonly events: ApplyAnswer["events"];
}

export interface SimApi {
  /** Boots a new machine, replacing the current one. An invalid config is refused with a reason. */
  boot(config: MachineConfig): BootAnswer | { readonly error: string };
  /** Applies one command; `since` is the first event sequence number the caller has not seen. */
  apply(cmd: Command, since: number, want: DetailRequest): ApplyAnswer;
  /** The heavier texts (an irq's debugfs file, /proc/interrupts) for what the UI shows now. */
  details(want: DetailRequest): Details;
  /** Throws an uncaught error inside the worker: lets tests prove that a worker failure reaches the UI. */
  crash(): void;
}
