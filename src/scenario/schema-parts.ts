/**
 * The scenario schema's building blocks with their messages (a message never repeats the path: the
 * parser puts it in front), shared by the file's schema and the device modules' own fragments.
 */
import * as v from "valibot";
import { didYouMean, got, oneOf } from "./messages";

export type Issue = v.BaseIssue<unknown>;
export const expected =
  (what: string) =>
  (issue: Issue): string =>
    `expected ${what}, got ${got(issue.input)}`;

export const str = v.string(expected("a string"));
export const bool = v.boolean(expected("true or false"));

export function int(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const m = expected(max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`);
  return v.pipe(v.number(m), v.integer(m), v.minValue(min, m), v.maxValue(max, m));
}

export function choice<const T extends readonly string[]>(options: T) {
  return v.picklist(
    options,
    (issue) => `expected ${oneOf(options)}, got ${got(issue.input)}${didYouMean(issue.input, options)}`,
  );
}

/** A strict object: a missing required field or an unknown one is an error naming that field. */
export function strict<E extends v.ObjectEntries>(entries: E) {
  const keys = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.path === undefined) return `expected an object, got ${got(issue.input)}`;
    if (issue.expected === "never") return `unknown field${didYouMean(issue.input, keys)}`;
    return "missing required field";
  });
}

/** A strict object that also refuses an array (valibot's object schemas take any non-null object). */
export function record<E extends v.ObjectEntries>(entries: E) {
  const object = strict(entries);
  return v.pipe(
    v.custom<v.InferInput<typeof object>>(
      (x) => !Array.isArray(x),
      (issue) => `expected an object, got ${got(issue.input)}`,
    ),
    object,
  );
}

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const deviceName = v.pipe(
  str,
  v.regex(
    NAME_RE,
    (issue) =>
      `${got(issue.input)} is not a device name (1 to 32 letters, digits, "_", "-" or ".", starting with a letter or digit)`,
  ),
);
/** A reference to a device by name; whether it exists is checked against the machine (crossChecks). */
export const deviceRef = v.pipe(str, v.minLength(1, "expected a device name, got an empty string"));

export const BDF_RE = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-9a-fA-F])$/;
/** `DDDD:BB:DD.F` or `BB:DD.F` (hex), normalised to the lower-case long form. */
export const bdf = v.pipe(
  str,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const text = dataset.value;
    const m = BDF_RE.exec(text);
    if (!m) {
      addIssue({ message: `${got(text)} is not a PCI address (DDDD:BB:DD.F or BB:DD.F, in hex)` });
      return NEVER;
    }
    const [, domain = "0000", bus = "", dev = "", fn = ""] = m;
    if (Number.parseInt(dev, 16) > 0x1f) {
      addIssue({ message: `${got(text)}: device ${dev} is beyond 1f` });
      return NEVER;
    }
    if (Number.parseInt(fn, 16) > 7) {
      addIssue({ message: `${got(text)}: function ${fn} is beyond 7` });
      return NEVER;
    }
    return `${domain}:${bus}:${dev}.${fn}`.toLowerCase();
  }),
);

export type PathKey = string | number;
export type Path = [v.IssuePathItem, ...v.IssuePathItem[]];

export function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** valibot path items for `keys` below `root` (for issues added by the raw checks). */
export function pathItems(root: unknown, keys: readonly PathKey[]): Path {
  const items: v.IssuePathItem[] = [];
  let cur: unknown = root;
  for (const key of keys) {
    const value: unknown = Array.isArray(cur) || isRecord(cur) ? (cur as Record<PathKey, unknown>)[key] : undefined;
    if (typeof key === "number") {
      items.push({ type: "array", origin: "value", input: Array.isArray(cur) ? cur : [], key, value });
    } else {
      items.push({ type: "object", origin: "value", input: isRecord(cur) ? cur : {}, key, value });
    }
    cur = value;
  }
  return items as Path;
}

/** An IO-APIC input of the model's one IO-APIC. */
export const gsi = int(0, 23);
/** The fields every PCI function has: its name and its address. */
/** In a guest: whether the VMM traps and emulates the function's IMS storage (default: idxd only). */
export const pciIdentity = { name: deviceName, bdf, ims_trapped: v.optional(bool) };
