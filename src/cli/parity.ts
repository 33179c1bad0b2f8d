/**
 * `sim parity DIR [--verbose]`: rebuilds a real-kernel recording (tools/qemu-rig) in the model,
 * replays its phases and compares what the kernel printed with what the model prints. Exit 0 only
 * when everything compared matched.
 */
import { CHECKS, type Check } from "../parity/compare";
import { readRecording } from "../parity/recording";
import { replayRecording } from "../parity/replay";
import { type CliIo, PARITY_USAGE } from "./io";

const SHOWN_DIFFS = 8;

const pct = (c: Check) => (c.total === 0 ? "100.0" : ((100 * c.matched) / c.total).toFixed(1));

export interface ParityReport {
  readonly text: string;
  readonly perfect: boolean;
}

/** The report for one recording directory (also used by the tests). */
export function parityReport(dir: string, verbose = false): ParityReport | string {
  const rec = readRecording(dir);
  if (typeof rec === "string") return rec;
  const replay = replayRecording(rec);
  if (typeof replay === "string") return `${dir}: ${replay}`;
  const m = replay.scenario.machine;
  const out = [
    `recording ${dir}`,
    `  machine: ${m.cpus} CPUs, kernel ${rec.release} (model ${m.kernel}), IR ${m.ir}, ${m.x2apic ? "x2APIC" : "xAPIC"}; ` +
      replay.machine.devices.map((d) => `${d.model} ${"bdf" in d ? d.bdf : ""}`.trim()).join(", "),
  ];
  let perfect = true;
  rec.phases.forEach((ph, i) => {
    const model = replay.phases[i];
    if (!model) return;
    out.push(`${ph.name}`);
    for (const check of CHECKS) {
      const c = check(ph, model);
      if (c.skipped) {
        out.push(`  skipped  ${c.label}: ${c.skipped}`);
        continue;
      }
      if (c.matched !== c.total) perfect = false;
      out.push(`  ${pct(c).padStart(5)} %  ${c.label} (${c.matched}/${c.total})`);
      for (const d of verbose ? c.diffs : c.diffs.slice(0, SHOWN_DIFFS)) out.push(`      ${d}`);
      if (!verbose && c.diffs.length > SHOWN_DIFFS)
        out.push(`      … ${c.diffs.length - SHOWN_DIFFS} more (--verbose)`);
    }
  });
  out.push(perfect ? "parity: 100 % on everything compared" : "parity: differences found");
  return { text: `${out.join("\n")}\n`, perfect };
}

/** Exit status: 0 full parity, 1 differences, 2 bad arguments or an unreadable recording. */
export function parityCommand(args: string[], io: CliIo): number {
  const verbose = args.includes("--verbose");
  const dirs = args.filter((a) => a !== "--verbose");
  const bad = dirs.find((a) => a.startsWith("-"));
  if (bad || dirs.length !== 1) {
    io.err(`${bad ? `parity: unknown option ${bad}\n` : ""}${PARITY_USAGE}\n`);
    return 2;
  }
  const r = parityReport(dirs[0] ?? "", verbose);
  if (typeof r === "string") {
    io.err(`parity: ${r}\n`);
    return 2;
  }
  io.out(r.text);
  return r.perfect ? 0 : 1;
}
