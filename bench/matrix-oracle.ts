/**
 * The replay benchmark's speed reference: ../shared/tools/matrix-oracle, the kernel's own matrix.c
 * compiled in userspace. It is built by its own build.sh in a scratch copy under the system's temp
 * directory (shared/ may be read-only), never inside this repo, and rebuilt when its sources change.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ORACLE_SOURCE = join(import.meta.dirname, "../../shared/tools/matrix-oracle");
const SCRATCH = join(tmpdir(), "irqscope-matrix-oracle");
const STAMP = ".irqscope-sources";

/** Every source file's path, size and mtime: the scratch build is redone when this changes. */
function sourcesStamp(dir: string, prefix = ""): string {
  let out = "";
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "build") out += sourcesStamp(join(dir, entry.name), `${rel}/`);
    } else if (entry.name !== "matrix-replay") {
      const st = statSync(join(dir, entry.name));
      out += `${rel} ${st.size} ${st.mtimeMs}\n`;
    }
  }
  return out;
}

/** The oracle's `matrix-replay` binary, or why there is none. */
export function oracleBinary(): { path: string } | { missing: string } {
  if (!existsSync(join(ORACLE_SOURCE, "build.sh"))) return { missing: `${ORACLE_SOURCE} is absent` };
  const binary = join(SCRATCH, "matrix-replay");
  const stamp = sourcesStamp(ORACLE_SOURCE);
  const stampFile = join(SCRATCH, STAMP);
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return { path: binary };
  rmSync(SCRATCH, { recursive: true, force: true });
  cpSync(ORACLE_SOURCE, SCRATCH, { recursive: true });
  const built = spawnSync("sh", [join(SCRATCH, "build.sh")], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0 || !existsSync(binary)) {
    return { missing: `its build.sh failed in ${SCRATCH} (status ${built.status})` };
  }
  writeFileSync(stampFile, stamp);
  return { path: binary };
}
