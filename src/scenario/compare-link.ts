/**
 * Compare links: the scenario a compare runs and the step both panes stand at, in the URL hash as
 * `#/c/1.<lz-string data>` (share links are `#/s/…`, lessons `#/lesson/…`). Decoding never throws: a
 * damaged, truncated or future-version link gets one plain message, and the caller changes nothing.
 */
import { compressToEncodedURIComponent } from "lz-string";
import { parseScenario } from "./parse";
import type { Scenario } from "./schema";
import { decodeLinkBody, SHARE_LINK_VERSION } from "./share-link";

const PREFIX = "#/c/";

export interface CompareLink {
  readonly scenario: Scenario;
  /** How many steps both panes have applied (0: the bare machines). */
  readonly at: number;
}

export function encodeCompareHash(link: CompareLink): string {
  return compareHashOfCompressed(compressToEncodedURIComponent(compareLinkJson(link)));
}

/** What a compare link carries, as the JSON text that is compressed into it. */
export function compareLinkJson(link: CompareLink): string {
  return JSON.stringify({ scenario: link.scenario, at: link.at });
}

/** The compare link whose data (compareLinkJson) was compressed elsewhere (ui/link-compressor.ts). */
export function compareHashOfCompressed(data: string): string {
  return `${PREFIX}${SHARE_LINK_VERSION}.${data}`;
}

export function isCompareHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

export type DecodedCompareLink = ({ readonly ok: true } & CompareLink) | { readonly ok: false; readonly error: string };

export function decodeCompareHash(hash: string): DecodedCompareLink {
  if (!isCompareHash(hash)) return { ok: false, error: "this is not an irqscope compare link (#/c/…)" };
  const body = decodeLinkBody(hash.slice(PREFIX.length), "compare link");
  if (!body.ok) return body;
  const value = body.value;
  if (typeof value !== "object" || value === null || !("scenario" in value)) {
    return { ok: false, error: "the compare link is damaged: it holds no scenario" };
  }
  const { scenario, at } = value as { scenario: unknown; at?: unknown };
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return { ok: false, error: `the compare link's scenario is invalid: ${parsed.error}` };
  const steps = parsed.scenario.steps.length;
  if (at !== undefined && (typeof at !== "number" || !Number.isInteger(at) || at < 0 || at > steps)) {
    return { ok: false, error: `the compare link's step is not one of the scenario's 0–${steps}` };
  }
  return { ok: true, scenario: parsed.scenario, at: typeof at === "number" ? at : steps };
}
