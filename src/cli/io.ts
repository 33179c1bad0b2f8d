/** What the CLI's commands write to, and their usage lines: loaded by `sim help` without any command. */

export interface CliIo {
  /** Standard output: text, or bytes already encoded as UTF-8 (the replay's chunks). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
}

export const RUN_USAGE = "usage: sim run FILE [--format text|json|proc|debugfs]";
export const MATRIX_REPLAY_USAGE = "usage: sim matrix-replay FILE [--check] [--variant v6.7+|pre-v6.7]";
export const PARITY_USAGE = "usage: sim parity DIR [--verbose]";
export const COMPARE_USAGE = "usage: sim compare FILE [--format text|json]";
export const IMPORT_USAGE = "usage: sim import FILE... [--format text|json]";
export const LESSON_USAGE = "usage: sim lesson FILE --check";
