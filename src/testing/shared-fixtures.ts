/**
 * Where tests find ../shared (beside the repo in CI). Machine recordings are read there, never copied.
 * Without it, a test that needs it is skipped with a notice on a developer's machine and fails in CI
 * (CI set), saying what is missing: a CI run that silently skipped them would prove nothing about them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { it } from "vitest";

export const SHARED_FIXTURES = join(import.meta.dirname, "../../../shared/fixtures");

/** Whether this is a CI run (CI=true there; CI=0 or false count as not). */
export function inCi(): boolean {
  const ci = process.env.CI ?? "";
  return ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/** Paths already reported absent: one notice each. */
const noticed = new Set<string>();

function absent(path: string): string {
  return `${path} is absent: the checkout needs ../shared beside it (shared/fixtures, as laid out for the project)`;
}

/** A test that reads one path under shared/fixtures: `fn` gets its absolute path. */
export type SharedTest = (name: string, fn: (path: string) => void | Promise<void>, timeout?: number) => void;

/**
 * it() for tests that read `relative` under shared/fixtures. When it is absent: in CI the tests run
 * and fail with the missing path; elsewhere they are skipped, with one notice.
 */
export function sharedTest(relative: string): SharedTest {
  const path = join(SHARED_FIXTURES, relative);
  if (existsSync(path)) return (name, fn, timeout) => it(name, () => fn(path), timeout);
  if (inCi()) {
    return (name, _fn, timeout) =>
      it(
        name,
        () => {
          throw new Error(absent(path));
        },
        timeout,
      );
  }
  if (!noticed.has(path)) console.warn(`NOTICE: ${absent(path)}; the tests that read it are skipped (CI fails them)`);
  noticed.add(path);
  return (name, fn, timeout) => it.skip(name, () => fn(path), timeout);
}
