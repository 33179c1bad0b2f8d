/**
 * Presentation mode: the canvas read from the back of a room. A page-wide view preference (like the
 * theme), kept in localStorage and shown as `<html data-present="on">`, so styles.css and canvas.css
 * enlarge what a room reads without any component passing it down. "Only the selected path" is a
 * preference of its own: useful in a design review too, not only in a room.
 */
import { create } from "zustand";

export const PRESENT_STORAGE_KEY = "irqscope.present";

/** A node title's size in presentation mode, in CSS px (canvas.css `--present-title` matches). */
export const PRESENT_TITLE_PX = 16;
/** What a title must measure on screen: the zoom never goes below the size this gives. */
export const READABLE_PX = 16;
/** The smallest canvas zoom in presentation mode: a title stays READABLE_PX on screen. */
export const PRESENT_MIN_ZOOM = READABLE_PX / PRESENT_TITLE_PX;
/** How far the view may zoom in to show a short path large. */
export const PRESENT_MAX_ZOOM = 1.6;

interface Stored {
  readonly on: boolean;
  readonly pathOnly: boolean;
}

function readStored(): Stored {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(PRESENT_STORAGE_KEY) ?? "{}");
    const o = typeof v === "object" && v !== null ? (v as Partial<Record<keyof Stored, unknown>>) : {};
    return { on: o.on === true, pathOnly: o.pathOnly === true };
  } catch {
    return { on: false, pathOnly: false };
  }
}

function store(s: Stored): void {
  document.documentElement.dataset.present = s.on ? "on" : "off";
  try {
    localStorage.setItem(PRESENT_STORAGE_KEY, JSON.stringify(s));
  } catch {
    // Not persisted (private mode, full storage); the choice still holds for this page.
  }
}

interface PresentationState extends Stored {
  toggle(): void;
  setPathOnly(on: boolean): void;
}

export const usePresentation = create<PresentationState>()((set, get) => ({
  on: false,
  pathOnly: false,
  toggle() {
    const next = { on: !get().on, pathOnly: get().pathOnly };
    store(next);
    set(next);
  },
  setPathOnly(pathOnly) {
    const next = { on: get().on, pathOnly };
    store(next);
    set(next);
  },
}));

/** Called by main.tsx before the first render, with initTheme(). */
export function initPresentation(): void {
  const s = readStored();
  document.documentElement.dataset.present = s.on ? "on" : "off";
  usePresentation.setState(s);
}
