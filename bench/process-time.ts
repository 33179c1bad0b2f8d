/** Whole-process wall times, the commands of one comparison interleaved so that load hits them alike. */
import { spawnSync } from "node:child_process";

export interface Command {
  readonly name: string;
  readonly cmd: string;
  readonly args: readonly string[];
}

export function stats(samples: readonly number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, min: s[0] ?? 0, max: s.at(-1) ?? 0 };
}

/** One run, stdout to /dev/null; milliseconds. Throws when the command fails. */
export function timeOnce(c: Command, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(c.cmd, c.args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(" ")} exited ${r.status}`);
  return ms;
}

/**
 * `rounds` rounds, each running every command once; the order rotates from round to round, so no
 * command always runs first (or right after the heaviest). One warm-up round is not counted.
 */
export function interleave(commands: readonly Command[], rounds: number, cwd: string): number[][] {
  const samples = commands.map(() => [] as number[]);
  for (let r = -1; r < rounds; r++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + Math.max(r, 0)) % commands.length;
      const c = commands[i];
      if (!c) continue;
      const ms = timeOnce(c, cwd);
      if (r >= 0) samples[i]?.push(ms);
    }
  }
  return samples;
}
