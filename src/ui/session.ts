/**
 * Where a session comes from and where it goes: a share link in the hash wins, then the autosaved
 * session, then the default preset. Every change is autosaved to localStorage, so a reload loses
 * nothing, and written into the address bar as a share link (address-bar.ts), so copying the address
 * shares the session; a share link that cannot be read is reported once, leaves the address bar, and
 * changes nothing.
 */
import { DEFAULT_PRESET } from "../scenario/presets";
import {
  decodeShareHash,
  encodeShareHash,
  isShareHash,
  shareHashOfCompressed,
  shareHashOfJson,
} from "../scenario/share-link";
import type { Command } from "../sim/commands";
import { clearShareHash, mayWriteShareHash, writeShareHash } from "./address-bar";
import type { Epoch, EpochStart } from "./history";
import { compressOffThread } from "./link-compressor";
import type { IrqscopeStore } from "./store";

const AUTOSAVE_KEY = "irqscope.session.v1";
/** The pause in changes after which the session is saved, and the longest an unsaved change waits. */
export const SAVE_QUIET_MS = 1000;
const SAVE_AT_MOST_MS = 5000;

interface Saved {
  readonly scenario: unknown;
  readonly future: readonly Command[];
  /** The sessions on other machines (history.ts); absent in older autosaves. */
  readonly history?: {
    readonly start: number;
    readonly began: EpochStart | undefined;
    readonly earlier: readonly Epoch[];
    readonly later: readonly Epoch[];
  };
  /**
   * The share links this session last put in the address bar. The last write may come as the page
   * goes away (pagehide), after a reload has already taken the address with the link before it.
   */
  readonly links?: readonly string[];
}

/** Says why a link was refused, once: the bad link leaves the address bar, so a reload does not say it again. */
function reportLinkError(store: IrqscopeStore, error: string): void {
  clearShareHash();
  const scenario = store.getState().scenario();
  if (scenario) writeShareHash(encodeShareHash(scenario));
  store.setState({
    lastResult: { command: "open share link", result: { ok: false, errno: "EINVAL", reason: error } },
  });
}

/** Loads the share link in the hash; true when it was one and it loaded. */
async function openShareLink(store: IrqscopeStore, hash: string): Promise<boolean> {
  const decoded = decodeShareHash(hash);
  if (!decoded.ok) {
    reportLinkError(store, decoded.error);
    return false;
  }
  return store.getState().load(decoded.scenario, "shared link");
}

function readAutosave(): Saved | undefined {
  try {
    const text = localStorage.getItem(AUTOSAVE_KEY);
    return text ? (JSON.parse(text) as Saved) : undefined;
  } catch {
    return undefined;
  }
}

function isEpochStart(x: unknown): x is EpochStart {
  if (typeof x !== "object" || x === null) return false;
  const { label, refused } = x as { label?: unknown; refused?: unknown };
  return typeof label === "string" && Array.isArray(refused);
}

/** Fills the main pane's store: share link, autosave or default preset; then autosaves it. */
export async function startSession(store: IrqscopeStore): Promise<void> {
  const sim = store.getState();
  const saved = readAutosave();
  // The address bar carries the session as it goes: a reload of the session autosaved last is that
  // autosave (which also keeps the undone steps and the machines before), not a fresh load of the link.
  const ownLink =
    saved !== undefined &&
    isShareHash(location.hash) &&
    (location.hash === savedLink(saved) || (Array.isArray(saved.links) && saved.links.includes(location.hash)));
  const linkError = isShareHash(location.hash) && !ownLink ? decodeShareHash(location.hash) : undefined;
  if (linkError?.ok) {
    if (await openShareLink(store, location.hash)) return autosave(store);
  }
  let loaded = false;
  if (saved) {
    loaded = await sim.load(saved.scenario, "autosaved session");
    if (loaded && Array.isArray(saved.future)) store.setState({ future: saved.future });
    const h = saved.history;
    // Each epoch is checked again when it is booted; here only the shape must hold.
    if (loaded && h && Array.isArray(h.earlier) && Array.isArray(h.later) && typeof h.start === "number") {
      const began = isEpochStart(h.began) ? h.began : undefined;
      store.setState({ start: h.start, began, earlier: h.earlier, later: h.later });
    }
  }
  if (!loaded) await sim.load(DEFAULT_PRESET.scenario, DEFAULT_PRESET.label);
  // Said after booting, so that the message stays on screen.
  if (linkError && !linkError.ok) reportLinkError(store, linkError.error);
  autosave(store);
}

/** The share link of an autosaved session, as the address bar shows it. */
function savedLink(saved: Saved): string | undefined {
  try {
    return encodeShareHash(saved.scenario as Parameters<typeof encodeShareHash>[0]);
  } catch {
    return undefined;
  }
}

/**
 * Saves the session when its steps, base, future or history change (not on every store change), once
 * the changes pause, when the browser is idle, and once more as the page goes away: a 10,000-step
 * session is a 0.5 MB string whose share link takes 80–120 ms to compress, and saving it during a run
 * of clicks cost more than the clicks' own views (docs/PERFORMANCE.md). The address bar gets the
 * session's share link at the same moments.
 */
function autosave(store: IrqscopeStore): void {
  let last = "";
  let lastLink = "";
  let scheduled = false;
  /** Counts writes begun: a link compressed for an older write is dropped when a newer one began. */
  let begun = 0;
  const inputs = (s: ReturnType<IrqscopeStore["getState"]>) =>
    [s.base, s.steps, s.future, s.start, s.began, s.earlier, s.later] as const;
  let seen: readonly unknown[] = [];
  /** The session as saved, without its links; undefined when there is none (nothing booted). */
  const current = () => {
    const s = store.getState();
    const scenario = s.scenario();
    if (!scenario) return undefined;
    const { start, began, earlier, later } = s;
    const json = JSON.stringify(scenario);
    const rest = JSON.stringify({ future: s.future, history: { start, began, earlier, later } });
    return { json, text: `{"scenario":${json},${rest.slice(1)}` };
  };
  /** `toBar`: whether the address bar was ours to write when the save began (not a compare or lesson route). */
  const saveWith = (text: string, link: string, toBar = true): void => {
    last = text;
    const links = lastLink && lastLink !== link ? [lastLink, link] : [link];
    lastLink = link;
    if (toBar) writeShareHash(link);
    try {
      // The saved text is the session's with its links added (Saved): one object, no second stringify.
      localStorage.setItem(AUTOSAVE_KEY, `${text.slice(0, -1)},"links":${JSON.stringify(links)}}`);
    } catch {
      // A full or disabled storage only loses the autosave; the session itself goes on.
    }
  };
  // The link is compressed in a worker of its own (a 10,000-step session took 80–120 ms of the page's thread).
  const write = (): void => {
    scheduled = false;
    const now = current();
    if (!now || now.text === last) return;
    const mine = ++begun;
    // Judged now, as the save begins: a route that leaves meanwhile (a bad compare link, reported and
    // cleared) does not leave its address to the link that comes back from the worker.
    const toBar = mayWriteShareHash(location.hash);
    void compressOffThread(now.json).then((data) => {
      if (mine === begun) saveWith(now.text, shareHashOfCompressed(data), toBar);
    });
  };
  // As the page goes away there is no time to wait for a worker: the link is compressed here.
  const writeNow = (): void => {
    scheduled = false;
    const now = current();
    if (!now || now.text === last) return;
    begun++;
    saveWith(now.text, shareHashOfJson(now.json));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChange = 0;
  store.subscribe((s) => {
    const now = inputs(s);
    if (now.every((x, i) => x === seen[i])) return;
    seen = now;
    // Once the clicks pause for a second (at most five seconds after the first unsaved change), in idle
    // time: a run of clicks is saved once, and not in the middle of the run.
    const at = performance.now();
    if (!scheduled) firstChange = at;
    scheduled = true;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(SAVE_QUIET_MS, firstChange + SAVE_AT_MOST_MS - at));
    timer = setTimeout(() => {
      if (typeof requestIdleCallback === "function") requestIdleCallback(write, { timeout: 1000 });
      else write();
    }, wait);
  });
  // A reload, a closed tab or a backgrounded one (which a phone may kill) right after a change still finds it saved.
  const flush = () => writeNow();
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  write();
  window.addEventListener("hashchange", () => {
    if (isShareHash(location.hash)) void openShareLink(store, location.hash);
  });
}

/** The link that reproduces the current session. */
export function shareUrl(store: IrqscopeStore): string | undefined {
  const scenario = store.getState().scenario();
  if (!scenario) return undefined;
  return `${location.origin}${location.pathname}${location.search}${encodeShareHash(scenario)}`;
}
