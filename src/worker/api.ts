/** The worker's interface, as the UI calls it through comlink. */

import type { Scenario } from "../scenario/schema";
import type { StepResult } from "../sim/commands";
import type { SimEvent } from "../sim/event-log";
import type { DetailRequest, Details, MachineView } from "../sim/views";

export interface LoadAnswer {
  readonly view: MachineView;
  readonly events: readonly SimEvent[];
  readonly details: Details;
}

/** What the worker answers to a command: its result, the new view, the log since the caller's last event, details. */
export interface ApplyAnswer {
  readonly result: StepResult;
  /** Whether the step became part of the session (a step the format refuses does not). */
  readonly recorded: boolean;
  readonly view: MachineView;
  readonly events: readonly SimEvent[];
  readonly details: Details;
}

export interface SimApi {
  /**
   * Boots the machine of a scenario (JSON text or a parsed value) and runs its steps, replacing the
   * current session. A bad scenario is refused with one message and the current session stays.
   */
  load(scenario: unknown, want: DetailRequest): LoadAnswer | { readonly error: string };
  /** Applies one step (scenario format); `since` is the first event sequence number the caller has not seen. */
  apply(step: unknown, since: number, want: DetailRequest): ApplyAnswer;
  /** The heavier texts for what the UI shows now. */
  details(want: DetailRequest): Details;
  /** The session as a scenario: machine + steps. */
  scenario(): Scenario;
  /** Throws an uncaught error inside the worker: lets tests prove that a worker failure reaches the UI. */
  crash(): void;
}
