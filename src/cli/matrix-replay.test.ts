import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matrixReplay } from "./matrix-replay";

function run(args: string[]) {
  let out = "";
  let err = "";
  const text = (t: string | Uint8Array) => (typeof t === "string" ? t : Buffer.from(t).toString("utf8"));
  const status = matrixReplay(args, { out: (t) => (out += text(t)), err: (t) => (err += t) });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "irqscope-cli-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const fixtures = join(import.meta.dirname, "../../fixtures");

describe("sim matrix-replay", () => {
  it("checks a recording: exit 0 and a one-line verdict", () => {
    const r = run([join(fixtures, "matrix-traces/t01-4cpu-basic.txt"), "--check"]);
    expect(r).toMatchObject({ status: 0, err: "" });
    expect(r.out).toMatch(/302 ops replayed \(v6\.7\+\), 0 differences/);
  });

  it("checks a scenario against the .out beside it", () => {
    const r = run([join(fixtures, "matrix-scenarios/S01-boot.txt"), "--check"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/S01-boot\.out: 3 ops replayed/);
  });

  it("prints the trace lines without --check", () => {
    const r = run([file("s.txt", "init 2\nboot 0\nalloc 0-1 0\n")]);
    expect(r.out).toBe(
      "> init 2\n< ok variant=v6.7+ | ga=0 gr=0 ta=0 om=0\n> boot 0\n< ok | ga=404 gr=0 ta=0 om=2\n> alloc 0-1 0\n< ok cpu=0 vec=32 | ga=403 gr=0 ta=1 om=2\n",
    );
  });

  it("echoes an op written with a non-ASCII blank as UTF-8, byte for byte", () => {
    const r = run([file("nbsp.txt", "init 2\nboot 0\nalloc\u00a00-1 0\n")]);
    expect(r.status).toBe(0);
    expect(r.out).toContain("\n> alloc\u00a00-1 0\n< ok cpu=0 vec=32 |");
  });

  it("a difference: exit 1, naming the recorded line", () => {
    const p = file(
      "d.txt",
      "> init 2\n< ok variant=v6.7+ | ga=0 gr=0 ta=0 om=0\n> boot 0\n< ok | ga=1 gr=0 ta=0 om=2\n",
    );
    const r = run([p, "--check"]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${p}:3: difference at "> boot 0"`);
  });

  it("a malformed line: exit 2, naming the line, nothing printed", () => {
    const p = file("bad.txt", "init 4\nboot 1\nalloc 0-3 0\nalloc 0-3 7\n");
    expect(run([p])).toEqual({ status: 2, out: "", err: `${p}:4: RESERVED must be 0 or 1, not 7\n` });
  });

  it("bad arguments: exit 2 with the usage", () => {
    expect(run([]).status).toBe(2);
    expect(run(["--variant", "v5"]).err).toContain("--variant takes v6.7+ or pre-v6.7");
    expect(run([join(dir, "missing.txt")]).err).toContain("no such file");
  });

  it("a BUG_ON: exit 3", () => {
    const r = run([file("bug.txt", "init 2\nboot 0\nonline 1\n")]);
    expect(r.status).toBe(3);
    expect(r.out).toContain("< BUG cm->online line 3");
  });
});
