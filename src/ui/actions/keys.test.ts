import { describe, expect, it } from "vitest";
import { chordMatches, type KeyPress } from "./keys";
import { ACTIONS, shortcutRows } from "./registry";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: "",
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...more,
});

describe("key chords", () => {
  it("match Ctrl (or ⌘), Shift and Alt exactly", () => {
    expect(chordMatches("Ctrl+Z", press("z", { ctrlKey: true }))).toBe(true);
    expect(chordMatches("Ctrl+Z", press("z", { metaKey: true }))).toBe(true);
    expect(chordMatches("Ctrl+Z", press("Z", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches("Ctrl+Shift+Z", press("Z", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches("Ctrl+K", press("k", { ctrlKey: true, altKey: true }))).toBe(false);
  });

  it("match brackets by physical key and ? whatever Shift says", () => {
    expect(chordMatches("Alt+[", press("“", { altKey: true, code: "BracketLeft" }))).toBe(true);
    expect(chordMatches("Alt+]", press("[", { altKey: true, code: "BracketLeft" }))).toBe(false);
    expect(chordMatches("?", press("?", { shiftKey: true }))).toBe(true);
    expect(chordMatches("?", press("/"))).toBe(false);
  });

  it("no two actions share a chord, and the help lists every one", () => {
    const chords = ACTIONS.flatMap((a) => a.keys);
    expect(new Set(chords).size).toBe(chords.length);
    const rows = shortcutRows().map(([keys]) => keys);
    for (const a of ACTIONS) expect(rows).toContain(a.keys.join(", "));
  });
});
