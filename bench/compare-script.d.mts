/** The compare benchmark's script (compare-script.mjs), typed for the unit tests that step through it. */
export function compareScript(n?: number): {
  readonly format: string;
  readonly version: number;
  readonly title: string;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly steps: readonly unknown[];
};
