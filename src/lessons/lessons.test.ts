/** Every lesson under public/lessons/ is valid, listed in the index, 4–10 steps, and holds when played. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkLesson } from "./check";
import { parseLessonIndex } from "./index-file";
import { parseLesson } from "./parse";

const DIR = join(import.meta.dirname, "../../public/lessons");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "index.json");
const index = parseLessonIndex(JSON.parse(readFileSync(join(DIR, "index.json"), "utf8")));

describe("the lessons", () => {
  it("the index is valid and lists every lesson file once, in order", () => {
    expect(index.ok).toBe(true);
    if (!index.ok) return;
    expect(index.lessons.map((l) => l.file)).toEqual([...files].sort());
  });

  for (const file of files) {
    it(`${file}: valid, listed as it is, and every step holds when played`, () => {
      const parsed = parseLesson(readFileSync(join(DIR, file), "utf8"));
      if (!parsed.ok) throw new Error(parsed.error);
      const { lesson } = parsed;
      expect(lesson.steps.length).toBeGreaterThanOrEqual(4);
      expect(lesson.steps.length).toBeLessThanOrEqual(10);
      const entry = index.ok ? index.lessons.find((l) => l.file === file) : undefined;
      expect(entry).toEqual({ id: lesson.id, file, title: lesson.title, steps: lesson.steps.length });
      const result = checkLesson(lesson);
      expect(result.failures).toEqual([]);
    });
  }
});
