/**
 * A tracepoint handed to an observer as its printer and its fields (numbers), not as a line: an
 * observer that keeps only the last lines of a big boot prints only those, and keeps no string or
 * object per event meanwhile.
 */
export type TracePrinter = (...fields: number[]) => string;

/** The most fields a tracepoint passes (an irq_matrix line: bit, cpu, online, avl, alloc, managed, four globals). */
export const TRACE_FIELDS_MAX = 10;

/** Where tracepoints go as printer and fields (the fields a tracepoint does not have are left out). */
export type TracepointSink = (
  print: TracePrinter,
  a: number,
  b?: number,
  c?: number,
  d?: number,
  e?: number,
  f?: number,
  g?: number,
  h?: number,
  i?: number,
  j?: number,
) => void;
