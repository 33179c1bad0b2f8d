/** Where tests find ../shared (beside the repo in CI). Machine recordings are read there, never copied. */
import { existsSync } from "node:fs";
import { join } from "node:path";

export const SHARED_FIXTURES = join(import.meta.dirname, "../../../shared/fixtures");

/** The path under shared/fixtures, or undefined with a visible notice when it is absent. */
export function sharedFixture(relative: string): string | undefined {
  const p = join(SHARED_FIXTURES, relative);
  if (existsSync(p)) return p;
  console.warn(`NOTICE: ${p} is absent: tests that need it are skipped`);
  return undefined;
}
