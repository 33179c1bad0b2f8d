/** The production build on a plain static host, under a sub-path (for the specs that need one). */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { test } from "@playwright/test";

const DIST = join(process.cwd(), process.env.E2E_DIST ?? "dist");

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".map": "application/json",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/**
 * dist/ under `sub` and nothing else, with no headers of its own (the meta tag is the only CSP).
 * `patch` may change a file as served (a new version of the service worker).
 */
export function serveDist(sub: string, patch?: (rel: string, body: Buffer) => Buffer): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === sub.slice(0, -1)) {
      res.writeHead(301, { location: sub }).end();
      return;
    }
    if (!path.startsWith(sub)) {
      res.writeHead(404).end();
      return;
    }
    const rel = path.slice(sub.length) || "index.html";
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" })
          .end(patch ? patch(rel, body) : body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * dist/ served under `sub` for the tests of the enclosing file or describe block (started before
 * them, closed after); `root()` is its address, ending in `sub`.
 */
export function staticHost(sub: string, patch?: (rel: string, body: Buffer) => Buffer): { root: () => string } {
  let server: Server | undefined;
  test.beforeAll(async () => {
    server = await serveDist(sub, patch);
  });
  test.afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return {
    root: () => {
      if (!server) throw new Error("the static host is not started");
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}${sub}`;
    },
  };
}
