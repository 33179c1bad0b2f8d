/**
 * Share links: the scenario (machine + steps, never derived state) in the URL hash, compressed with
 * lz-string and versioned: `#/s/1.<data>`. Decoding never throws: a damaged, truncated or
 * future-version link gets one plain message, and the caller leaves its state as it was.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { parseScenario } from "./parse";
import type { Scenario } from "./schema";

/** The version of the link encoding (the scenario inside carries its own format version). */
export const SHARE_LINK_VERSION = 1;
const PREFIX = "#/s/";

export function encodeShareHash(s: Scenario): string {
  return shareHashOfJson(JSON.stringify(s));
}

/** The share link of a scenario already written as JSON. */
export function shareHashOfJson(json: string): string {
  return shareHashOfCompressed(compressToEncodedURIComponent(json));
}

/** The share link whose data, the scenario's JSON, was compressed elsewhere (ui/link-compressor.ts). */
export function shareHashOfCompressed(data: string): string {
  return `${PREFIX}${SHARE_LINK_VERSION}.${data}`;
}

/** Whether a location hash is a share link at all (other hashes are not ours to judge). */
export function isShareHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

export type DecodedLink =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly error: string };

export function decodeShareHash(hash: string): DecodedLink {
  if (!isShareHash(hash)) return { ok: false, error: "this is not an irqscope share link (#/s/…)" };
  const body = decodeLinkBody(hash.slice(PREFIX.length), "share link");
  if (!body.ok) return body;
  const parsed = parseScenario(body.value);
  if (!parsed.ok) return { ok: false, error: `the share link's scenario is invalid: ${parsed.error}` };
  return { ok: true, scenario: parsed.scenario };
}

/**
 * A link's body, `<version>.<lz-string data>`, as the JSON value it holds; `what` names the link in
 * the message ("share link", "compare link"). Never throws.
 */
export function decodeLinkBody(
  body: string,
  what: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const dot = body.indexOf(".");
  const version = dot < 0 ? Number.NaN : Number(body.slice(0, dot));
  if (!Number.isInteger(version) || version < 1) {
    return { ok: false, error: `the ${what} is damaged: it has no version number` };
  }
  if (version > SHARE_LINK_VERSION) {
    return {
      ok: false,
      error: `the ${what} was made by a newer irqscope (link version ${version}; this one reads ${SHARE_LINK_VERSION})`,
    };
  }
  let text: string | null = null;
  try {
    text = decompressFromEncodedURIComponent(body.slice(dot + 1));
  } catch {
    text = null;
  }
  if (!text) return { ok: false, error: `the ${what} is damaged or truncated: it does not decompress` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: `the ${what} is damaged or truncated: it does not decompress to a scenario` };
  }
}
