/// <reference lib="webworker" />
/**
 * Compresses share links off the page's thread: lz-string takes 80–120 ms for a 10,000-step session,
 * and the address bar gets a new link after every change (docs/PERFORMANCE.md). Not the simulator's
 * worker: a click's answer must not wait behind a link.
 */
import { expose } from "comlink";
import { shareHashOfJson } from "../scenario/share-link";

const api = { shareHashOfJson: (json: string): string => shareHashOfJson(json) };
export type ShareLinkWorkerApi = typeof api;
expose(api);
