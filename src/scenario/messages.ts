/** Wording shared by the scenario schema and parser: how a bad value is shown, and did-you-mean hints. */

/** A value as an error message shows it: strings and numbers as JSON, containers by their kind. */
export function got(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "an object";
  if (typeof value === "string" && value.length > 40) return `${JSON.stringify(value.slice(0, 37))}...`;
  return JSON.stringify(value) ?? String(value);
}

/** `"a", "b" or "c"` */
export function oneOf(choices: readonly (string | number)[]): string {
  const shown = choices.map((c) => JSON.stringify(c));
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (d[(i - 1) * cols + j] ?? 0) + 1,
        (d[i * cols + j - 1] ?? 0) + 1,
        (d[(i - 1) * cols + j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[(i - 2) * cols + j - 2] ?? 0) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] ?? 0;
}

/** The candidates closest to a misspelt word (several on a tie), if close enough to be the likely intent. */
export function closest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  let best: string[] = [];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = [c];
      bestDistance = d;
    } else if (d === bestDistance) best.push(c);
  }
  const longest = Math.max(w.length, ...best.map((c) => c.length));
  const allowed = Math.max(1, Math.min(3, Math.floor(longest / 3)));
  return bestDistance <= allowed ? best : [];
}

/** ` (did you mean "cpus"?)`, or nothing when no candidate is close. */
export function didYouMean(word: unknown, candidates: readonly string[]): string {
  if (typeof word !== "string") return "";
  const c = closest(word, candidates);
  return c.length === 0 || c.length > 3 ? "" : ` (did you mean ${oneOf(c)}?)`;
}

/** A path as the messages name it: `machine.devices[2].model`, `steps[3].cpus`. */
export function renderPath(keys: readonly unknown[]): string {
  let out = "";
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else if (typeof k === "string" && /^[A-Za-z_$][\w$]*$/.test(k)) out += out === "" ? k : `.${k}`;
    else out += `[${JSON.stringify(k) ?? String(k)}]`;
  }
  return out;
}
