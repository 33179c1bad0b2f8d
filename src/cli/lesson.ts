/** `sim lesson FILE --check`: plays a lesson with its expected actions and checks every condition. */
import { existsSync, readFileSync } from "node:fs";
import { checkLesson } from "../lessons/check";
import { parseLesson } from "../lessons/parse";
import { type CliIo, LESSON_USAGE } from "./io";

/** Exit status: 0 every condition holds, 1 one does not (the step and condition named), 2 invalid file or arguments. */
export function lessonCommand(args: string[], io: CliIo): number {
  let file: string | undefined;
  let check = false;
  for (const a of args) {
    if (a === "--check") check = true;
    else if (a.startsWith("-")) {
      io.err(`lesson: unknown option ${a}\n${LESSON_USAGE}\n`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      io.err(`lesson: one FILE only\n${LESSON_USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined || !check) {
    io.err(`${LESSON_USAGE}\n`);
    return 2;
  }
  if (!existsSync(file)) {
    io.err(`lesson: ${file}: no such file\n`);
    return 2;
  }
  const parsed = parseLesson(readFileSync(file, "utf8"));
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.error}\n`);
    return 2;
  }
  const result = checkLesson(parsed.lesson);
  io.out(`${result.lines.join("\n")}\n`);
  for (const f of result.failures) io.err(`${file}: step ${f.step} "${f.title}": ${f.problem}\n`);
  if (result.failures.length === 0) io.out(`${parsed.lesson.id}: every step holds\n`);
  return result.failures.length === 0 ? 0 : 1;
}
