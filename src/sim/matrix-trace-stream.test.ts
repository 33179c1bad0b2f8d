import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMatrixTrace, replayMatrixTrace } from "./matrix-trace";
import { streamMatrixReplay } from "./matrix-trace-stream";

/** The streamed replay's outcome and text. */
function streamed(source: string) {
  let text = "";
  const outcome = streamMatrixReplay(source, undefined, (c) => {
    text += Buffer.from(c).toString("utf8");
  });
  return { outcome, text };
}

/** What parsing first and replaying the steps prints: the reference the stream must equal. */
function reference(source: string) {
  const parsed = parseMatrixTrace(source);
  if (!parsed.ok) return { outcome: { kind: "malformed", line: parsed.line, message: parsed.message }, text: "" };
  const variant = parsed.trace.variant ?? "v6.7+";
  const r = replayMatrixTrace(parsed.trace, variant, false);
  const outcome =
    r.kind === "bug" ? { kind: "bug", variant, condition: r.condition, line: r.line } : { kind: "done", variant };
  return { outcome, text: `${r.output.join("\n")}\n` };
}

const fixtures = join(import.meta.dirname, "../../fixtures");

describe("the streamed replay", () => {
  it("prints what the step-by-step replay prints, for every fixture", () => {
    for (const dir of ["matrix-traces", "matrix-scenarios"]) {
      for (const f of readdirSync(join(fixtures, dir))) {
        const source = readFileSync(join(fixtures, dir, f), "utf8");
        expect(streamed(source), f).toEqual(reference(source));
      }
    }
  });

  it("takes the variant of a header that comes after the ops", () => {
    const source = "init 1\nboot 1\nreserve_managed 0\nalloc_managed 0\nallocated 0\n# variant: pre-v6.7\n";
    expect(streamed(source)).toEqual(reference(source));
    expect(streamed(source).text).toContain("< val=16 |");
  });

  it("prints nothing for a malformed line, even one after a BUG_ON", () => {
    for (const source of ["init 2\nboot 0\nonline 1\nfrob\n", "init 2\nboot 0\nalloc 0-1 0\n# variant: v9\n"]) {
      expect(streamed(source)).toEqual(reference(source));
      expect(streamed(source).text).toBe("");
    }
  });

  it("stops at a BUG_ON, and prints one empty line for a file without ops", () => {
    for (const source of ["init 2\nboot 0\nonline 1\nalloc 0 0\n", "", "# only a comment\n"]) {
      expect(streamed(source)).toEqual(reference(source));
    }
    expect(streamed("").text).toBe("\n");
  });
});
