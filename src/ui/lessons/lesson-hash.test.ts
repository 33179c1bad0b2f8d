import { describe, expect, it } from "vitest";
import { isLessonHash, lessonHash, parseLessonHash } from "./lesson-hash";
import { recordProgress } from "./progress";

describe("lesson deep links", () => {
  it("round-trips a lesson and step (counted from 1 in the link)", () => {
    expect(lessonHash({ id: "why-remapping", step: 4 })).toBe("#/lesson/why-remapping/5");
    expect(parseLessonHash("#/lesson/why-remapping/5")).toEqual({ id: "why-remapping", step: 4 });
  });

  it("a missing or bad step opens the first; a bad id is no link; other hashes are not lesson links", () => {
    expect(parseLessonHash("#/lesson/the-message")).toEqual({ id: "the-message", step: 0 });
    expect(parseLessonHash("#/lesson/the-message/0")).toEqual({ id: "the-message", step: 0 });
    expect(parseLessonHash("#/lesson/the-message/x")).toEqual({ id: "the-message", step: 0 });
    expect(parseLessonHash("#/lesson/<script>/1")).toBeUndefined();
    expect(isLessonHash("#/s/1.abc")).toBe(false);
    expect(isLessonHash("#/c/1.abc")).toBe(false);
    expect(parseLessonHash("#/s/1.abc")).toBeUndefined();
  });
});

describe("lesson progress", () => {
  it("records the steps done once each, in order, and the step last open", () => {
    let p = recordProgress({}, "a", 2, true);
    p = recordProgress(p, "a", 0, true);
    p = recordProgress(p, "a", 2, true);
    p = recordProgress(p, "a", 3, false);
    expect(p.a).toEqual({ done: [0, 2], at: 3 });
    expect(recordProgress(p, "b", 1, false).b).toEqual({ done: [], at: 1 });
  });
});
