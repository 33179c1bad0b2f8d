/**
 * The colour theme: light, dark, or whatever the system prefers. The choice is kept in localStorage
 * and shown as `<html data-theme="…">`; styles.css picks the palette from it (`color-scheme` +
 * `light-dark()`), so "system" needs no script to follow the OS.
 */
import { create } from "zustand";

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_CHOICES: readonly ThemeChoice[] = ["light", "dark", "system"];
export const THEME_STORAGE_KEY = "irqscope.theme";

function isThemeChoice(v: unknown): v is ThemeChoice {
  return typeof v === "string" && (THEME_CHOICES as readonly string[]).includes(v);
}

/** The stored choice; "system" when none is stored or storage is unavailable (private mode, sandboxed frame). */
export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(v) ? v : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = choice;
}

interface ThemeState {
  readonly choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

export const useTheme = create<ThemeState>()((set) => ({
  choice: "system",
  setChoice(choice) {
    applyTheme(choice);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
    set({ choice });
  },
}));

/** Called by main.tsx before the first render, so the first paint already has the chosen palette. */
export function initTheme(): void {
  const choice = storedTheme();
  applyTheme(choice);
  useTheme.setState({ choice });
}
