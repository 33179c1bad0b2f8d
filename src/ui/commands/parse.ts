/**
 * The command palette's language: one line of words (`affinity 29 0-3`, `offline 3`, `undo`) read
 * into the action it stands for. A step comes out as the same StepInput the inspectors send, checked
 * with the scenario schema and against the objects of the current view before anything runs; the
 * worker checks it again against the machine, as it checks every step.
 */
import { didYouMean } from "../../scenario/messages";
import { stepProblem } from "../../scenario/parse";
import type { CommandContext } from "./context";
import { SESSION_COMMANDS } from "./session-commands";
import type { CommandSpec, ParseResult } from "./spec";
import { STEP_COMMANDS } from "./step-commands";

export type { PaletteAction, ParseResult } from "./spec";

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [...STEP_COMMANDS, ...SESSION_COMMANDS];

export function tokenize(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "");
}

export function findCommand(word: string): CommandSpec | undefined {
  const w = word.toLowerCase();
  return COMMANDS.find((c) => c.name === w);
}

/** `usage: affinity IRQ CPULIST` */
export function usageOf(c: CommandSpec): string {
  return c.usage ? `${c.name} ${c.usage}` : c.name;
}

export function parseCommand(text: string, ctx: CommandContext): ParseResult {
  const [word, ...args] = tokenize(text);
  if (word === undefined) return { ok: false, error: "type a command (help lists them all)" };
  const spec = findCommand(word);
  if (!spec) {
    const hint = didYouMean(
      word,
      COMMANDS.map((c) => c.name),
    );
    return { ok: false, error: `${JSON.stringify(word)} is not a command${hint || " (help lists them all)"}` };
  }
  if (args.length < spec.min || (spec.max !== undefined && args.length > spec.max)) {
    return { ok: false, error: `usage: ${usageOf(spec)}` };
  }
  const r = spec.parse(args, ctx);
  if (!r.ok || r.action.kind !== "step") return r;
  const problem = stepProblem(r.action.step);
  return problem === undefined ? r : { ok: false, error: problem };
}
