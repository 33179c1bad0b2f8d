/** `sim compare FILE [--format text|json]`: the scenario on the old scheme and on the new, step by step. */
import { type CompareResult, type CompareSide, compareScenario, SCHEME_WORDS } from "../sim/compare";
import type { WritesInWords } from "../sim/compare-words";
import { readFileArgs } from "./file-args";
import { type CliIo, COMPARE_USAGE } from "./io";

const FORMATS = ["text", "json"] as const;

/** The contract's JSON: `{ steps: [{ step, op, old, new, differs }] }`, each side with its writes. */
function jsonText(r: CompareResult): string {
  return `${JSON.stringify(
    {
      title: r.title,
      machine: r.machine,
      schemes: SCHEME_WORDS,
      differing: r.differing,
      writesDiffering: r.writesDiffering,
      steps: r.steps.map((s) => ({
        step: s.step,
        op: s.op,
        what: s.what,
        old: s.old,
        new: s.new,
        differs: s.differs,
        writesDiffer: s.writesDiffer,
      })),
    },
    null,
    2,
  )}\n`;
}

function writesText(w: WritesInWords, indent: string): string[] {
  const lines = w.lines.slice(0, 8).map((l) => `${indent}  ${l.where}: ${l.what}`);
  const left = w.lines.length - 8 + w.more;
  if (left > 0) lines.push(`${indent}  … and ${left} more`);
  return [`${indent}wrote: ${w.headline}`, ...lines];
}

function sideText(name: string, s: CompareSide, withWrites: boolean): string[] {
  const out = [`    ${name}: ${s.words}`];
  return withWrites ? [...out, ...writesText(s.writes, "      ")] : out;
}

/** Every step with both outcomes; a differing one marked, with what each scheme wrote where. */
function plainText(r: CompareResult): string {
  const m = r.machine;
  const head = [
    `compare: ${r.title || "(untitled)"}`,
    `machine: ${m.cpus} CPUs, kernel ${m.kernel}, ${m.platform}, IR ${m.ir}, ${m.devices.length} devices`,
    `  old = ${SCHEME_WORDS.old}`,
    `  new = ${SCHEME_WORDS.new}`,
    "",
  ];
  const body = r.steps.flatMap((s) => {
    const mark = s.differs ? "  <> DIFFERS" : s.writesDiffer ? "  <> writes differ" : "";
    return [
      `#${s.step} ${s.what}${mark}`,
      ...sideText("old", s.old, s.differs || s.writesDiffer),
      ...sideText("new", s.new, s.differs || s.writesDiffer),
    ];
  });
  const tail = [
    "",
    `${r.steps.length} steps: ${r.differing} with different outcomes, ${r.writesDiffering} more that wrote differently`,
  ];
  return `${[...head, ...body, ...tail].join("\n")}\n`;
}

/** Exit status: 0 both runs ran, 2 the file or the arguments are invalid. */
export function compareCommand(args: string[], io: CliIo): number {
  const given = readFileArgs("compare", COMPARE_USAGE, FORMATS, args, io);
  if (given === 2) return 2;
  const answer = compareScenario(given.text);
  if (!answer.ok) {
    io.err(`${given.file}: ${answer.error}\n`);
    return 2;
  }
  io.out(given.format === "json" ? jsonText(answer.result) : plainText(answer.result));
  return 0;
}
