/** Every lesson under public/lessons/ is valid, listed in the index, 4–10 steps, and holds when played. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulator } from "../sim/simulator";
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
      expect(entry).toEqual({
        id: lesson.id,
        file,
        title: lesson.title,
        summary: lesson.summary,
        steps: lesson.steps.length,
      });
      const result = checkLesson(lesson);
      expect(result.failures).toEqual([]);
    });
  }
});

describe("what the lessons say remapping changes", () => {
  /** The lesson's machine with IR switched on, its expected actions played; each action's result. */
  function withIr(file: string) {
    const parsed = parseLesson(readFileSync(join(DIR, file), "utf8"));
    if (!parsed.ok) throw new Error(parsed.error);
    const { scenario, steps } = parsed.lesson;
    const booted = Simulator.boot({ ...scenario, machine: { ...scenario.machine, ir: "on" } });
    if (!booted.ok) throw new Error(booted.error);
    return steps.flatMap((s) => (s.action ? [{ title: s.title, result: booted.sim.apply(s.action).result }] : []));
  }

  it("lesson 6: with IR the block of 4 MSI vectors and the IMS vectors are allocated", () => {
    const results = withIr("06-multi-msi-and-ims.json");
    expect(results.find((r) => r.title === "Ask for all 4")?.result).toMatchObject({
      ok: true,
      irqs: [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)],
    });
    expect(results.find((r) => r.title === "Ask for IMS")?.result).toMatchObject({ ok: true });
  });

  it("lesson 7: with IR the peer's copy never goes stale and ath11k's irq may move", () => {
    const results = withIr("07-stale-copies.json");
    const lost = results.find((r) => r.title === "Lost without a trace")?.result;
    expect(lost).toMatchObject({ ok: true });
    expect(lost?.ok ? lost.silent : "missing").toBeUndefined();
    expect(results.find((r) => r.title === "ath11k: works by pure luck")?.result).toMatchObject({ ok: true });
  });
});
