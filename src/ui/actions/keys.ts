/**
 * Key chords as the help writes them ("Ctrl+Shift+Z", "Alt+[", "?") and whether a keydown is one.
 * Ctrl also means ⌘ on a Mac; brackets match by physical key (`code`), since Alt changes the
 * character they type on some layouts; "?" ignores Shift, which typing it needs.
 */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

const CODES: Readonly<Record<string, string>> = { "[": "BracketLeft", "]": "BracketRight" };

export function chordMatches(chord: string, e: KeyPress): boolean {
  const parts = chord.split("+");
  // "Alt++" would split into empty parts; no chord here uses "+" as its key.
  const key = parts.at(-1) ?? "";
  const mods = new Set(parts.slice(0, -1));
  if (mods.has("Ctrl") !== (e.ctrlKey || e.metaKey)) return false;
  if (mods.has("Alt") !== e.altKey) return false;
  if (key !== "?" && mods.has("Shift") !== e.shiftKey) return false;
  const code = CODES[key];
  return code ? e.code === code : e.key.toLowerCase() === key.toLowerCase();
}
