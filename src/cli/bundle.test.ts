import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli, isStale, ROOT } from "../../scripts/cli-bundle.mjs";

/** A two-file project in a temp dir (one file a chunk), its files dated a minute back (older than any build). */
function project() {
  const root = mkdtempSync(join(tmpdir(), "irqscope-bundle-"));
  mkdirSync(join(root, "src"));
  const files = {
    "src/main.ts": 'const { word } = await import("./word");\nconsole.log(word);\n',
    "src/word.ts": 'export const word: string = "one";\n',
    "build.cfg": "options\n",
  };
  const past = new Date(Date.now() - 60_000);
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), past, past);
  }
  const outfile = join(root, "out/main.mjs");
  const build = () => buildCli({ entry: "src/main.ts", outfile, root, config: ["build.cfg"] });
  const chunks = () => readdirSync(join(root, "out/main-chunks"));
  return { root, outfile, build, chunks };
}

describe("the CLI bundle's staleness check", () => {
  it("is stale before the first build and fresh after it", async () => {
    const p = project();
    expect(isStale(p.outfile, p.root)).toBe(true);
    await p.build();
    expect(isStale(p.outfile, p.root)).toBe(false);
    const record = JSON.parse(readFileSync(`${p.outfile}.inputs.json`, "utf8"));
    expect(Object.keys(record.inputs).sort()).toEqual(["build.cfg", "src/main.ts", "src/word.ts"]);
    expect(spawnSync(process.execPath, [p.outfile], { encoding: "utf8" }).stdout).toBe("one\n");
  });

  it("is stale when an imported file is touched, and fresh again after a rebuild", async () => {
    const p = project();
    await p.build();
    // Newer than what the first build recorded, yet older than the rebuild's start: a file touched
    // during a build (mtime at or after its start) is recorded as unknown, and would stay stale.
    const touched = new Date(Date.now() - 30_000);
    utimesSync(join(p.root, "src/word.ts"), touched, touched);
    expect(isStale(p.outfile, p.root)).toBe(true);
    await p.build();
    expect(isStale(p.outfile, p.root)).toBe(false);
  });

  it("is stale when a file changes size under the same mtime, a config file changes, or a file vanishes", async () => {
    const p = project();
    await p.build();
    const word = join(p.root, "src/word.ts");
    const past = new Date(Date.now() - 60_000);
    writeFileSync(word, 'export const word: string = "two";\n\n');
    utimesSync(word, past, past);
    expect(isStale(p.outfile, p.root)).toBe(true);

    await p.build();
    expect(spawnSync(process.execPath, [p.outfile], { encoding: "utf8" }).stdout).toBe("two\n");
    writeFileSync(join(p.root, "build.cfg"), "other options\n");
    expect(isStale(p.outfile, p.root)).toBe(true);

    await p.build();
    rmSync(word);
    expect(isStale(p.outfile, p.root)).toBe(true);
  });

  it("is stale when the bundle, a chunk or its input record is missing", async () => {
    const p = project();
    await p.build();
    rmSync(`${p.outfile}.inputs.json`);
    expect(isStale(p.outfile, p.root)).toBe(true);
    await p.build();
    rmSync(p.outfile);
    expect(isStale(p.outfile, p.root)).toBe(true);
    await p.build();
    expect(p.chunks()).toHaveLength(1);
    rmSync(join(p.root, "out/main-chunks", p.chunks()[0] ?? ""));
    expect(isStale(p.outfile, p.root)).toBe(true);
  });

  it("removes the chunks of the build before", async () => {
    const p = project();
    await p.build();
    const before = p.chunks();
    writeFileSync(join(p.root, "src/word.ts"), 'export const word: string = "three";\n');
    await p.build();
    expect(p.chunks()).toHaveLength(1);
    expect(p.chunks()).not.toEqual(before);
    expect(spawnSync(process.execPath, [p.outfile], { encoding: "utf8" }).stdout).toBe("three\n");
  });

  it("records every source of the real CLI and its build options", async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), "irqscope-bundle-")), "sim.mjs");
    await buildCli({ outfile });
    const inputs = Object.keys(JSON.parse(readFileSync(`${outfile}.inputs.json`, "utf8")).inputs);
    expect(inputs).toEqual(
      expect.arrayContaining([
        "src/cli/main.ts",
        "src/sim/matrix-trace.ts",
        "src/kernel/irq/matrix.ts",
        "scripts/cli-bundle.mjs",
        "tsconfig.json",
      ]),
    );
    expect(isStale(outfile, ROOT)).toBe(false);
  });
});

describe("bin/sim.mjs", () => {
  const sim = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, "bin/sim.mjs"), ...args], { encoding: "utf8", cwd: ROOT });

  it("answers help with the usage and exit 0, no command with exit 2, an unknown one with exit 2", () => {
    const help = sim("help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: sim <command> \[args\]\n/);
    expect(sim().status).toBe(2);
    const bad = sim("frob");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^sim: unknown command "frob"/);
  });
});
