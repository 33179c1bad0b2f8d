/**
 * The CLI bundle, dist-cli/sim.mjs (+ dist-cli/sim-chunks/, one per command, loaded when asked for):
 * built with esbuild at install (`prepare`) and again by the launcher (bin/sim.mjs) whenever a file
 * it was built from changed. Beside it, `sim.mjs.inputs.json` records esbuild's metafile input list
 * with each file's size and mtime, and the files written, so the staleness check is one stat per
 * input (about 100) and never walks the tree.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = join(ROOT, "dist-cli/sim.mjs");
const ENTRY = "src/cli/main.ts";
// Files that shape the output without being esbuild inputs: the build options and the tsconfig.
const CONFIG_FILES = ["scripts/cli-bundle.mjs", "tsconfig.json"];

const recordOf = (outfile) => `${outfile}.inputs.json`;
const chunksOf = (outfile) => `${outfile.replace(/\.mjs$/, "")}-chunks`;

/** The size and mtime a file is recorded with; a file changed during the build gets -1 (stale at once). */
function stamp(path, since) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return [-1, -1];
  return [st.size, st.mtimeMs >= since ? -1 : st.mtimeMs];
}

/** Whether `outfile` or a chunk is missing, or any file it was built from changed (size or mtime) or vanished. */
export function isStale(outfile = BUNDLE, root = ROOT) {
  const out = resolve(root, outfile);
  let record;
  try {
    record = JSON.parse(readFileSync(recordOf(out), "utf8"));
  } catch {
    return true;
  }
  const { inputs, outputs } = record;
  if (typeof inputs !== "object" || inputs === null || !Array.isArray(outputs)) return true;
  for (const path of outputs) if (!statSync(join(dirname(out), path), { throwIfNoEntry: false })) return true;
  for (const [path, recorded] of Object.entries(inputs)) {
    const st = statSync(join(root, path), { throwIfNoEntry: false });
    if (!st || !Array.isArray(recorded) || st.size !== recorded[0] || st.mtimeMs !== recorded[1]) return true;
  }
  return false;
}

/**
 * Bundles `entry` into `outfile` (its dynamic imports into chunks beside it) and records its inputs.
 * Each file is written under a temporary name and renamed, chunks before the entry, so a launcher
 * starting meanwhile never runs half a file; chunks of earlier builds are removed afterwards.
 */
export async function buildCli({ entry = ENTRY, outfile = BUNDLE, root = ROOT, config = CONFIG_FILES } = {}) {
  const { build } = await import("esbuild");
  const out = resolve(root, outfile);
  const chunks = chunksOf(out);
  const since = Date.now();
  const result = await build({
    entryPoints: { [basename(out, ".mjs")]: join(root, entry) },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: dirname(out),
    outExtension: { ".js": ".mjs" },
    chunkNames: `${basename(chunks)}/[name]-[hash]`,
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const main = result.outputFiles.find((f) => f.path === out);
  if (!main) throw new Error(`esbuild made no ${out}`);
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...config]) {
    inputs[relative(root, resolve(root, path))] = stamp(join(root, path), since);
  }
  mkdirSync(dirname(out), { recursive: true });
  const written = new Set();
  for (const f of result.outputFiles) {
    if (f === main) continue;
    mkdirSync(dirname(f.path), { recursive: true });
    writeAtomic(f.path, f.contents);
    written.add(f.path);
  }
  writeAtomic(out, main.contents);
  const outputs = [basename(out), ...[...written].map((p) => relative(dirname(out), p))];
  writeAtomic(recordOf(out), JSON.stringify({ entry, inputs, outputs }));
  const old = statSync(chunks, { throwIfNoEntry: false }) ? readdirSync(chunks) : [];
  for (const name of old) if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
}

function writeAtomic(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

// `node scripts/cli-bundle.mjs`: build now (npm's `prepare` and `build:cli`). An install without
// devDependencies has no esbuild: it still succeeds, and the launcher says what is missing.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildCli();
  } catch (e) {
    if (!(e instanceof Error && "code" in e && e.code === "ERR_MODULE_NOT_FOUND")) throw e;
    console.warn(`cli-bundle: ${e.message.split("\n")[0]}; dist-cli/ is not built`);
  }
}
