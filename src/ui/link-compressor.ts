/**
 * A link's text compressed (lz-string, as in share and compare links) in a worker of its own
 * (link-compress.worker.ts). Where no worker can run (Node tests) or the worker failed, the page
 * compresses it itself: slower, the same link.
 */
import { type Remote, wrap } from "comlink";
import { compressToEncodedURIComponent } from "lz-string";
import type { LinkCompressWorkerApi } from "../worker/link-compress.worker";

let remote: Remote<LinkCompressWorkerApi> | undefined;
let broken = typeof Worker === "undefined";
/** Settles when the worker fails: a call in flight then would wait forever for its answer. */
let failed: Promise<never> | undefined;

function encoder(): Remote<LinkCompressWorkerApi> | undefined {
  if (broken) return undefined;
  if (!remote) {
    try {
      const worker = new Worker(new URL("../worker/link-compress.worker.ts", import.meta.url), {
        type: "module",
        name: "irqscope-link-compress",
      });
      failed = new Promise<never>((_, reject) =>
        worker.addEventListener("error", (e) => {
          e.preventDefault();
          broken = true;
          reject(new Error("the link-compress worker failed"));
        }),
      );
      failed.catch(() => undefined);
      remote = wrap<LinkCompressWorkerApi>(worker);
    } catch {
      broken = true;
      return undefined;
    }
  }
  return remote;
}

/** `text` compressed for a link (compressToEncodedURIComponent). */
export async function compressOffThread(text: string): Promise<string> {
  const r = encoder();
  if (!r) return compressToEncodedURIComponent(text);
  try {
    return await Promise.race([r.compress(text), failed ?? new Promise<never>(() => undefined)]);
  } catch {
    broken = true;
    return compressToEncodedURIComponent(text);
  }
}
