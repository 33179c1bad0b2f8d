import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedTest } from "../testing/shared-fixtures";
import { parseMatrixTrace, replayMatrixTrace } from "./matrix-trace";

const repoFixtures = join(import.meta.dirname, "../../fixtures");

/** Every recording in a folder: traces (`t*.txt`) and scenario outputs (`S*.out`). */
function recordings(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^t.*\.txt$/.test(f) || f.endsWith(".out"))
    .map((f) => join(dir, f));
}

function replayAll(files: string[]): void {
  for (const file of files) {
    const parsed = parseMatrixTrace(readFileSync(file, "utf8"));
    if (!parsed.ok) throw new Error(`${file}:${parsed.line}: ${parsed.message}`);
    expect(parsed.trace.recorded).toBe(true);
    const out = replayMatrixTrace(parsed.trace, parsed.trace.variant ?? "v6.7+", true);
    expect(out.kind).toBe("done");
    if (out.kind === "done") {
      expect(out.difference, `${file}: first difference`).toBeUndefined();
      expect(out.compared).toBe(parsed.trace.steps.length);
    }
  }
}

describe("replay of the kernel's recorded irq_matrix traces", () => {
  const repo = [
    ...recordings(join(repoFixtures, "matrix-traces")),
    ...recordings(join(repoFixtures, "matrix-scenarios")),
  ];

  it(`the repo's copies (${repo.length} recordings) replay with zero differences`, () => {
    expect(repo.length).toBeGreaterThanOrEqual(22);
    replayAll(repo);
  });

  for (const folder of ["matrix-traces", "matrix-scenarios"]) {
    sharedTest(folder)(`every recording in ../shared/fixtures/${folder} replays with zero differences`, (dir) => {
      const shared = recordings(dir);
      expect(shared.length).toBeGreaterThan(0);
      replayAll(shared);
    });
  }
});

describe("trace parsing", () => {
  it("names the line of a malformed op", () => {
    expect(parseMatrixTrace("init 4\nboot 1\nalloc 0-3 0\nfrob 3\n")).toEqual({
      ok: false,
      line: 4,
      message: 'unknown op "frob"',
    });
    expect(parseMatrixTrace("# c\ninit 2\nfree 5 40 0\n")).toMatchObject({ ok: false, line: 3 });
    expect(parseMatrixTrace("alloc 0 0\n")).toMatchObject({ ok: false, line: 1, message: "alloc before init" });
    expect(parseMatrixTrace("init 2\nalloc 0-x 0\n")).toMatchObject({ ok: false, line: 2 });
    expect(parseMatrixTrace("init 2\nalloc 0 2\n")).toMatchObject({ ok: false, line: 2 });
    expect(parseMatrixTrace("< ok\n")).toMatchObject({ ok: false, line: 1 });
  });

  it("reports a difference with the recorded line", () => {
    const parsed = parseMatrixTrace(
      "> init 2\n< ok variant=v6.7+ | ga=0 gr=0 ta=0 om=0\n> boot 0\n< ok | ga=1 gr=0 ta=0 om=2\n",
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const out = replayMatrixTrace(parsed.trace, "v6.7+", true);
    expect(out).toMatchObject({ kind: "done", difference: { line: 3, actual: ["ok | ga=404 gr=0 ta=0 om=2"] } });
  });

  it("stops at a BUG_ON like the kernel", () => {
    const parsed = parseMatrixTrace("init 2\nboot 0\nonline 1\n");
    if (!parsed.ok) throw new Error(parsed.message);
    expect(replayMatrixTrace(parsed.trace, "v6.7+", false)).toMatchObject({
      kind: "bug",
      condition: "cm->online",
      line: 3,
    });
  });

  it("uses the pre-v6.7 irq_matrix_allocated() when the header says so", () => {
    const src = "# variant: pre-v6.7\ninit 1\nboot 1\nreserve_managed 0\nalloc_managed 0\nallocated 0\n";
    const parsed = parseMatrixTrace(src);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.trace.variant).toBe("pre-v6.7");
    const out = replayMatrixTrace(parsed.trace, "pre-v6.7", false);
    expect(out.output.at(-1)).toBe("< val=16 | ga=185 gr=0 ta=16 om=1");
    expect(replayMatrixTrace(parsed.trace, "v6.7+", false).output.at(-1)).toBe("< val=15 | ga=185 gr=0 ta=16 om=1");
  });
});
