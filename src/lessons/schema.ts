/**
 * The lesson file format (docs/lessons.md): a scenario (machine + setup steps) and the steps a learner
 * takes through it. Each step says what to look at (and what to light), what to do (a scenario step,
 * or nothing for a step that only looks), what must then hold (`expect` fields on an interrupt's
 * state), a hint for a wrong action, and why it matters. Validated with valibot like scenarios; what
 * needs the machine (devices, CPUs) is checked by running the combined scenario through its schema.
 */
import * as v from "valibot";
import { IRQ_STORES } from "../scenario/schema";
import { choice, deviceRef, expected, int, record, str, strict } from "../scenario/schema-parts";

export const LESSON_FORMAT = "irqscope-lesson";
export const LESSON_VERSION = 1;
/** Highlightable bit tables of the inspector: the device's message and the IRTE behind it. */
export const BIT_TABLES = ["message", "irte"] as const;

const text = v.pipe(str, v.minLength(1, "expected some text, got an empty string"));
const lessonId = v.pipe(
  str,
  v.regex(
    /^[a-z0-9][a-z0-9-]{0,47}$/,
    (issue) => `expected a lesson id (lower-case letters, digits and "-"), got ${JSON.stringify(issue.input)}`,
  ),
);

/** An interrupt as a lesson names it: by device + index (+ store), never by irq number. */
const irqEntries = { device: deviceRef, store: v.optional(choice(IRQ_STORES)), index: int(0, 65535) };

/** What a step lights: a canvas node, an Irqs-table row, a CPU row, or one field of a bit table. */
export const HighlightSchema = v.variant(
  "kind",
  [
    strict({ kind: v.literal("node"), name: text }),
    strict({ kind: v.literal("irq"), ...irqEntries }),
    strict({ kind: v.literal("cpu"), cpu: int(0, 511) }),
    strict({ kind: v.literal("bits"), of: choice(BIT_TABLES), field: text, ...irqEntries }),
  ],
  (issue) =>
    issue.path === undefined || typeof issue.input !== "string"
      ? `expected "node", "irq", "cpu" or "bits", got ${JSON.stringify(issue.input) ?? "nothing"}`
      : `expected "node", "irq", "cpu" or "bits", got ${JSON.stringify(issue.input)}`,
);

export const LessonStepSchema = record({
  title: text,
  /** What to look at, in plain words. */
  look: text,
  highlight: v.optional(HighlightSchema),
  /** What the learner does, in words; with `action`, the step waits for it. */
  do: v.optional(text),
  /** The expected action: a scenario step (its own `expect` checks its result). Checked in lesson-parse.ts. */
  action: v.optional(
    v.custom<Record<string, unknown>>(
      (x) => x !== null && typeof x === "object" && !Array.isArray(x),
      expected("a step object"),
    ),
  ),
  /** Shown when the learner did something else. */
  hint: v.optional(text),
  /** What must hold after the step: `expect` fields on one interrupt each. Checked in lesson-parse.ts. */
  holds: v.optional(
    v.array(
      v.custom<Record<string, unknown>>(
        (x) => x !== null && typeof x === "object" && !Array.isArray(x),
        expected("an object"),
      ),
      expected("an array of conditions"),
    ),
  ),
  why: text,
});

export const LessonFileSchema = record({
  format: v.literal(
    LESSON_FORMAT,
    (issue) => `expected ${JSON.stringify(LESSON_FORMAT)}, got ${JSON.stringify(issue.input) ?? "nothing"}`,
  ),
  version: v.literal(
    LESSON_VERSION,
    (issue) => `expected ${LESSON_VERSION}, got ${JSON.stringify(issue.input) ?? "nothing"}`,
  ),
  id: lessonId,
  title: text,
  /** One or two sentences for the lesson list. */
  summary: text,
  /** Checked with the scenario schema in lesson-parse.ts. */
  scenario: v.custom<Record<string, unknown>>(
    (x) => x !== null && typeof x === "object" && !Array.isArray(x),
    expected("a scenario object"),
  ),
  steps: v.pipe(
    v.array(LessonStepSchema, expected("an array of lesson steps")),
    v.minLength(1, "a lesson needs at least one step"),
  ),
});

export type Highlight = v.InferOutput<typeof HighlightSchema>;
export type IrqHighlight = Extract<Highlight, { kind: "irq" | "bits" }>;
