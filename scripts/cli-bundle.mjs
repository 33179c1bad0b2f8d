/**
 * The CLI bundle, dist-cli/sim.mjs: built with esbuild at install (`prepare`) and again by the
 * launcher (bin/sim.mjs) whenever a file it was built from changed. Beside it, `sim.mjs.inputs.json`
 * records esbuild's metafile input list with each file's size and mtime, so the staleness check is
 * one stat per input (about 100) and never walks the tree.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = join(ROOT, "dist-cli/sim.mjs");
const ENTRY = "src/cli/main.ts";
// Files that shape the output without being esbuild inputs: the build options and the tsconfig.
const CONFIG_FILES = ["scripts/cli-bundle.mjs", "tsconfig.json"];

const recordOf = (outfile) => `${outfile}.inputs.json`;

/** The size and mtime a file is recorded with; a file changed during the build gets -1 (stale at once). */
function stamp(path, since) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return [-1, -1];
  return [st.size, st.mtimeMs >= since ? -1 : st.mtimeMs];
}

/** Whether `outfile` is missing or any file it was built from changed (size or mtime) or vanished. */
export function isStale(outfile = BUNDLE, root = ROOT) {
  const out = resolve(root, outfile);
  if (!statSync(out, { throwIfNoEntry: false })) return true;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(recordOf(out), "utf8")).inputs;
  } catch {
    return true;
  }
  if (typeof inputs !== "object" || inputs === null) return true;
  for (const [path, recorded] of Object.entries(inputs)) {
    const st = statSync(join(root, path), { throwIfNoEntry: false });
    if (!st || !Array.isArray(recorded) || st.size !== recorded[0] || st.mtimeMs !== recorded[1]) return true;
  }
  return false;
}

/**
 * Bundles `entry` into `outfile` and records its inputs. Writes to a temporary name and renames, so a
 * launcher starting meanwhile never runs half a file.
 */
export async function buildCli({ entry = ENTRY, outfile = BUNDLE, root = ROOT, config = CONFIG_FILES } = {}) {
  const { build } = await import("esbuild");
  const out = resolve(root, outfile);
  const since = Date.now();
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const code = result.outputFiles.find((f) => f.path === out);
  if (!code) throw new Error(`esbuild made no ${out}`);
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...config]) {
    inputs[relative(root, resolve(root, path))] = stamp(join(root, path), since);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeAtomic(out, code.contents);
  writeAtomic(recordOf(out), JSON.stringify({ entry, inputs }));
}

function writeAtomic(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

// `node scripts/cli-bundle.mjs`: build now (npm's `prepare` and `build:cli`).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
