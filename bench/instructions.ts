/**
 * Instructions executed (valgrind's cachegrind, every thread and exec'd child counted): a measure of
 * work that another job on the machine does not stretch, unlike wall and CPU time. Slow (about a
 * minute per command), so only `npm run bench -- instructions` runs it.
 */
import { spawnSync } from "node:child_process";
import type { Command } from "./process-time";

export function hasValgrind(): boolean {
  return spawnSync("valgrind", ["--version"]).status === 0;
}

/** Instructions of one run of the command, stdout discarded; undefined when valgrind failed. */
export function instructions(c: Command, cwd: string): number | undefined {
  const r = spawnSync(
    "valgrind",
    [
      "--tool=cachegrind",
      "--cache-sim=no",
      "--trace-children=yes",
      "--smc-check=all-non-file",
      "--cachegrind-out-file=/dev/null",
      c.cmd,
      ...c.args,
    ],
    { cwd, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 24 },
  );
  // One "I refs" line per process image (a shebang's env, then node): the sum is the command's work.
  const counts = [...r.stderr.matchAll(/I\s+refs:\s+([\d,]+)/g)].map((m) => Number((m[1] ?? "").replaceAll(",", "")));
  return r.status === 0 && counts.length > 0 ? counts.reduce((a, b) => a + b, 0) : undefined;
}
