/** Test helper: the text of one of this folder's invented dumps. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function readFixture(name: string): string {
  return readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
}
