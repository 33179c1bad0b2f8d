/**
 * Where a compare comes from and how it travels: a compare link in the hash (`#/c/1.…`) opens it at
 * load and on hashchange; while a compare is open the hash follows it (a reload, or the address bar
 * copied, reproduces it); a link that cannot be read is said once and changes nothing.
 */
import {
  compareHashOfCompressed,
  compareLinkJson,
  decodeCompareHash,
  encodeCompareHash,
  isCompareHash,
} from "../../scenario/compare-link";
import { compressOffThread } from "../link-compressor";
import { SAVE_QUIET_MS } from "../session";
import type { IrqscopeStore } from "../store";
import type { CompareStore } from "./compare-store";

async function openLink(
  compare: CompareStore,
  workspace: IrqscopeStore,
  hash: string,
  booted: Promise<void>,
): Promise<void> {
  const link = decodeCompareHash(hash);
  if (!link.ok) {
    // After the workspace's own start, whose load would say "ok" over it.
    await booted;
    // Said where the user is: in the compare view when one is open, else on the workspace's result line.
    if (compare.getState().status !== "closed") compare.setState({ message: link.error });
    else {
      workspace.setState({
        lastResult: { command: "open compare link", result: { ok: false, errno: "EINVAL", reason: link.error } },
      });
      // Said once: a reload shows the workspace, not the same message again.
      history.replaceState(null, "", `${location.pathname}${location.search}`);
    }
    return;
  }
  await compare.getState().open(link.scenario, "compare link", link.at);
}

/** The link that reproduces the compare as it stands (script and step). */
export function compareUrl(compare: CompareStore): string | undefined {
  const { scenario, at, status } = compare.getState();
  if (!scenario || status === "closed") return undefined;
  return `${location.origin}${location.pathname}${location.search}${encodeCompareHash({ scenario, at })}`;
}

/** `booted`: the workspace's start (startSession), after which a bad link is reported. */
export function startCompareLinks(compare: CompareStore, workspace: IrqscopeStore, booted: Promise<void>): void {
  if (isCompareHash(location.hash)) void openLink(compare, workspace, location.hash, booted);
  window.addEventListener("hashchange", () => {
    if (isCompareHash(location.hash)) void openLink(compare, workspace, location.hash, booted);
  });
  // The hash follows the compare once the user pauses, as the workspace's saved session does: a long
  // script compressed after every step took a core from the next one.
  let pending: ReturnType<typeof setTimeout> | undefined;
  let last: unknown[] = [];
  compare.subscribe((s) => {
    const key = [s.status === "closed", s.scenario, s.at];
    if (s.status === "loading" || key.every((k, i) => k === last[i])) return;
    last = key;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const now = compare.getState();
      // Compressed in the link worker (a long script took tens of ms of the page per step); a compare
      // that moved on meanwhile writes its own link later.
      const hash =
        now.status === "closed" || !now.scenario
          ? ""
          : compareHashOfCompressed(await compressOffThread(compareLinkJson({ scenario: now.scenario, at: now.at })));
      const later = compare.getState();
      const moved =
        later.scenario !== now.scenario ||
        later.at !== now.at ||
        (later.status === "closed") !== (now.status === "closed");
      if (moved) return;
      // Against the address bar itself: a compare opened from a link and closed at once has written nothing.
      if (hash === (isCompareHash(location.hash) ? location.hash : "")) return;
      if (hash) history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
      else if (isCompareHash(location.hash)) history.replaceState(null, "", `${location.pathname}${location.search}`);
    }, SAVE_QUIET_MS);
  });
}
