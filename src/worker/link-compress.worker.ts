/// <reference lib="webworker" />
/**
 * Compresses share and compare links off the page's thread: lz-string takes 80–120 ms for a
 * 10,000-step session, and the address bar follows every change (docs/PERFORMANCE.md). Not the
 * simulator's worker: a click's answer must not wait behind a link.
 */
import { expose } from "comlink";
import { compressToEncodedURIComponent } from "lz-string";

const api = { compress: (text: string): string => compressToEncodedURIComponent(text) };
export type LinkCompressWorkerApi = typeof api;
expose(api);
