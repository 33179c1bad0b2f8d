/** Types of scripts/cli-bundle.mjs, for the tests that import it. */
export const ROOT: string;
export const BUNDLE: string;
export function isStale(outfile?: string, root?: string): boolean;
export function buildCli(options?: {
  entry?: string;
  outfile?: string;
  root?: string;
  config?: string[];
}): Promise<void>;
