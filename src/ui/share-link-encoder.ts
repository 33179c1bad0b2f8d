/**
 * The share link of a session, compressed in a worker of its own (share-link.worker.ts). Where no
 * worker can run (Node tests) or the worker failed, the page compresses it itself: slower, same link.
 */
import { type Remote, wrap } from "comlink";
import { shareHashOfJson } from "../scenario/share-link";
import type { ShareLinkWorkerApi } from "../worker/share-link.worker";

let remote: Remote<ShareLinkWorkerApi> | undefined;
let broken = typeof Worker === "undefined";
/** Settles when the worker fails: a call in flight then would wait forever for its answer. */
let failed: Promise<never> | undefined;

function encoder(): Remote<ShareLinkWorkerApi> | undefined {
  if (broken) return undefined;
  if (!remote) {
    try {
      const worker = new Worker(new URL("../worker/share-link.worker.ts", import.meta.url), {
        type: "module",
        name: "irqscope-share-link",
      });
      failed = new Promise<never>((_, reject) =>
        worker.addEventListener("error", (e) => {
          e.preventDefault();
          broken = true;
          reject(new Error("the share-link worker failed"));
        }),
      );
      failed.catch(() => undefined);
      remote = wrap<ShareLinkWorkerApi>(worker);
    } catch {
      broken = true;
      return undefined;
    }
  }
  return remote;
}

/** The `#/s/…` link of a scenario given as JSON text. */
export async function shareHashOffThread(json: string): Promise<string> {
  const r = encoder();
  if (!r) return shareHashOfJson(json);
  try {
    return await Promise.race([r.shareHashOfJson(json), failed ?? new Promise<never>(() => undefined)]);
  } catch {
    broken = true;
    return shareHashOfJson(json);
  }
}
