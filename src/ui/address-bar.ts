/**
 * The address bar as the session's share link: after each change the hash becomes `#/s/1.…` for the
 * session now (history.replaceState: no history entry per step, no hashchange). Only a hash that is
 * empty or already a share link is ours to replace; a lesson (`#/lesson/…`), a compare (`#/c/…`) or
 * any other route stays as it is.
 */
import { isShareHash } from "../scenario/share-link";

/** Longer links are left out of the address bar (the Share button still makes them). */
export const ADDRESS_BAR_LIMIT = 200_000;

/** Whether the address bar's hash may be replaced by a share link. */
export function mayWriteShareHash(hash: string): boolean {
  return hash === "" || hash === "#" || isShareHash(hash);
}

/** Puts `link` (a `#/s/…` hash) in the address bar, when the hash there is ours. */
export function writeShareHash(link: string): void {
  if (!mayWriteShareHash(location.hash)) return;
  if (link.length > ADDRESS_BAR_LIMIT) {
    clearShareHash();
    return;
  }
  if (location.hash === link) return;
  history.replaceState(history.state, "", `${location.pathname}${location.search}${link}`);
}

/** Takes a share link out of the address bar (a bad one, once reported). */
export function clearShareHash(): void {
  if (isShareHash(location.hash)) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
}
