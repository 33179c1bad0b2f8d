/**
 * The text after the CPU counts of an irq row: `" %8s" chip`, `" %*lu" hwirq` (blank without a
 * domain), `"-%-8s" flow` (only with a flow name), then `"  "` and the actions joined by ", ".
 * Chip names may contain spaces ("Hyper-V PCIe MSI") and actions may too ("iwlwifi: default queue").
 */
import { parseDecimal } from "./numbers";

export interface ProcTail {
  chip: string;
  hwirq?: number;
  flow?: string;
  actions: string[];
}

// Anchor on the "<hwirq>-<flow>" token: the chip is everything before it, the actions after it.
const WITH_FLOW = /^(\S.*?)\s+(\d*)-([A-Za-z_]\w*)(?:\s+(.*))?$/;

function splitActions(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(", ")
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

function withHwirq(chip: string, hwirqText: string, flow: string | undefined, actions: string[]): ProcTail | string {
  const tail: ProcTail = { chip, actions };
  if (hwirqText !== "") {
    const hwirq = parseDecimal(hwirqText);
    if (hwirq === undefined) return `hwirq ${hwirqText} is too large to be exact`;
    tail.hwirq = hwirq;
  }
  if (flow !== undefined) tail.flow = flow;
  return tail;
}

// Without a flow name the columns are only told apart by runs of two or more blanks.
function withoutFlow(text: string): ProcTail | string {
  const segments = text.split(/\s{2,}/);
  let chip = segments[0] ?? "";
  let rest = segments.slice(1);
  let hwirq = "";
  const glued = /^(.*\S)\s(\d+)$/.exec(chip);
  if (glued) {
    chip = glued[1] ?? "";
    hwirq = glued[2] ?? "";
  } else if (/^\d+$/.test(rest[0] ?? "")) {
    hwirq = rest[0] ?? "";
    rest = rest.slice(1);
  } else if (segments.length === 1 && /\s/.test(chip)) {
    // Whitespace was collapsed (web pages, some mailers): assume a one-word chip.
    const words = chip.split(" ");
    chip = words[0] ?? "";
    if (/^\d+$/.test(words[1] ?? "")) hwirq = words.splice(1, 1)[0] ?? "";
    rest = [words.slice(1).join(" ")];
  }
  return withHwirq(chip, hwirq, undefined, splitActions(rest.join("  ")));
}

/** Parse the tail; a string is the reason it could not be read. */
export function parseProcTail(tail: string): ProcTail | string {
  const text = tail.trim();
  if (text === "") return "no chip name after the CPU counts";
  const m = WITH_FLOW.exec(text);
  if (m) return withHwirq(m[1] ?? "", m[2] ?? "", m[3] ?? "", splitActions(m[4]));
  return withoutFlow(text);
}
