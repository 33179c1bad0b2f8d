/** The lesson list the app reads (public/lessons/index.json): each lesson's id, file, title, summary and step count. */
import * as v from "valibot";
import { formatIssue } from "../scenario/parse";
import { expected, int, record, str } from "../scenario/schema-parts";

export const LESSON_INDEX_FORMAT = "irqscope-lesson-index";

const IndexSchema = record({
  format: v.literal(LESSON_INDEX_FORMAT, expected(JSON.stringify(LESSON_INDEX_FORMAT))),
  version: v.literal(1, expected("1")),
  lessons: v.array(
    record({ id: str, file: str, title: str, summary: str, steps: int(1) }),
    expected("an array of lessons"),
  ),
});

export type LessonEntry = v.InferOutput<typeof IndexSchema>["lessons"][number];

export function parseLessonIndex(
  raw: unknown,
): { readonly ok: true; readonly lessons: readonly LessonEntry[] } | { readonly ok: false; readonly error: string } {
  const r = v.safeParse(IndexSchema, raw);
  if (r.success) return { ok: true, lessons: r.output.lessons };
  const first = r.issues[0];
  return { ok: false, error: first ? formatIssue(first) : "invalid lesson index" };
}
