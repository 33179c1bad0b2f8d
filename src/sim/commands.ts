/**
 * What the browser sends the simulator: the steps of the scenario format (docs/scenario-format.md),
 * the same data the runner, share links and the timeline carry. Each stands for something a driver,
 * a person or a device does to a running kernel.
 */
import type { ErrnoName } from "../kernel/errno";
import type { Step, StepInput } from "../scenario/schema";

export type { SimEvent } from "./event-log";

/** A step as the UI writes it (defaults omitted); the simulator validates and completes it. */
export type Command = StepInput;

/** What one step returned: ok (possibly a silent failure), or the kernel's errno and a plain-language reason. */
export type StepResult =
  | {
      readonly ok: true;
      readonly summary: string;
      /** The irqs an allocation returned. */
      readonly irqs?: readonly number[];
      /** Set when the kernel reports success but the interrupt never reaches its handler. */
      readonly silent?: string;
      /** A raise: whether the interrupt reached its handler (the expectation field `delivered`). */
      readonly delivered?: boolean;
    }
  | { readonly ok: false; readonly errno: ErrnoName; readonly reason: string };

/** One entry of the session's timeline. */
export interface StepRecord {
  readonly n: number;
  readonly step: Step;
  /** "set_affinity nic0 0 (irq 25) cpus 2". */
  readonly what: string;
  readonly result: StepResult;
  /** The irq the step concerned, when there is one. */
  readonly irq?: number;
  /** That irq's device entry ("nvme0 msix 3") or chip and slot, for a replay's comparison. */
  readonly target?: string;
  readonly failedExpectations: readonly string[];
}
