/**
 * Whole-process times, the commands of one comparison interleaved so that load hits them alike.
 * Wall time is the figure; CPU time (user + system) is reported beside it, since a busy machine
 * stretches wall time far more than CPU time. Both come from a bash wrapper that times only the
 * command ($EPOCHREALTIME around it, then `times` for the children's CPU), so bash's own start-up is
 * in neither; without bash, wall time from here and no CPU time.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface Command {
  readonly name: string;
  readonly cmd: string;
  readonly args: readonly string[];
}

export interface Samples {
  readonly wall: number[];
  /** Empty without bash. */
  readonly cpu: number[];
}

export function stats(samples: readonly number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, min: s[0] ?? 0, max: s.at(-1) ?? 0 };
}

const BASH = "/bin/bash";
const TIMED = 't0=$EPOCHREALTIME; "$@" >/dev/null; s=$?; t1=$EPOCHREALTIME; echo "$t0 $t1"; times; exit $s';
const hasBash = existsSync(BASH) && spawnSync(BASH, ["-c", 'test -n "$EPOCHREALTIME"']).status === 0;

/** `0m0.039s` → milliseconds. */
const minutesSeconds = (t: string): number => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  return m ? 60_000 * Number(m[1]) + 1000 * Number(m[2]) : Number.NaN;
};

/** One run, stdout to /dev/null; milliseconds of wall and CPU time. Throws when the command fails. */
export function timeOnce(c: Command, cwd: string): { wall: number; cpu: number | undefined } {
  if (!hasBash) {
    const t0 = performance.now();
    const r = spawnSync(c.cmd, c.args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(" ")} exited ${r.status}`);
    return { wall: performance.now() - t0, cpu: undefined };
  }
  const r = spawnSync(BASH, ["-c", TIMED, "bash", c.cmd, ...c.args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(" ")} exited ${r.status}`);
  const [span, , children] = r.stdout.trim().split("\n");
  const [t0, t1] = (span ?? "").split(" ").map(Number);
  const [user, sys] = (children ?? "").split(" ").map(minutesSeconds);
  return { wall: 1000 * ((t1 ?? 0) - (t0 ?? 0)), cpu: (user ?? 0) + (sys ?? 0) };
}

/**
 * `rounds` rounds, each running every command once; the order rotates from round to round, so no
 * command always runs first (or right after the heaviest). One warm-up round is not counted.
 */
export function interleave(commands: readonly Command[], rounds: number, cwd: string): Samples[] {
  const samples = commands.map((): Samples => ({ wall: [], cpu: [] }));
  for (let r = -1; r < rounds; r++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + Math.max(r, 0)) % commands.length;
      const c = commands[i];
      const s = samples[i];
      if (!c || !s) continue;
      const t = timeOnce(c, cwd);
      if (r < 0) continue;
      s.wall.push(t.wall);
      if (t.cpu !== undefined) s.cpu.push(t.cpu);
    }
  }
  return samples;
}
