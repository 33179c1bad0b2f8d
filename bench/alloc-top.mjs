/**
 * Who allocates, collected garbage included (the sampling heap profiler with its "collected" flags):
 *   node bench/alloc-top.mjs .tmp/load-node.mjs public/scenarios/irte-table-full.json 1 [n]
 * Runs the bundled bench (its argv as given after it) and prints the top self/inclusive allocators in MB.
 * ALLOC_LIVE=1: only what is still alive at the end (what the run retains), by where it was allocated.
 */
import { Session } from "node:inspector/promises";
import { pathToFileURL } from "node:url";

const [script, ...rest] = process.argv.slice(2);
const n = Number(process.env.ALLOC_TOP ?? 40);
process.argv = [process.argv[0], script, ...rest];
const session = new Session();
session.connect();
await session.post("HeapProfiler.enable");
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 8192,
  includeObjectsCollectedByMajorGC: !process.env.ALLOC_LIVE,
  includeObjectsCollectedByMinorGC: !process.env.ALLOC_LIVE,
});
await import(pathToFileURL(script).href);
const { profile } = await session.post("HeapProfiler.stopSampling");
const self = new Map();
const incl = new Map();
const name = (f) => `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
const walk = (node, stack) => {
  const key = name(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  const seen = new Set(stack);
  const next = [...stack, key];
  for (const k of new Set(next)) if (!seen.has(k) || k === key) incl.set(k, incl.get(k) ?? 0);
  let size = node.selfSize;
  const sub = (c) => {
    size += walk(c, next);
  };
  for (const c of node.children) sub(c);
  if (!stack.includes(key)) incl.set(key, (incl.get(key) ?? 0) + size);
  return size;
};
const total = walk(profile.head, []);
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${(v / 1e6).toFixed(1).padStart(7)} MB  ${k}`)
    .join("\n");
// ALLOC_CALLERS=name: whose calls of `name` allocate (its callers' self share).
const callersOf = process.env.ALLOC_CALLERS;
const callers = new Map();
const blame = (node, caller) => {
  if (callersOf && node.callFrame.functionName === callersOf && caller) {
    const k = name(caller.callFrame);
    const sum = (x) => x.selfSize + x.children.reduce((t, c) => t + sum(c), 0);
    callers.set(k, (callers.get(k) ?? 0) + sum(node));
  }
  for (const c of node.children) blame(c, node);
};
blame(profile.head, undefined);
if (callersOf) console.log(`callers of ${callersOf}:\n${show(callers)}`);
console.log(`allocated (sampled) ${(total / 1e6).toFixed(0)} MB\ninclusive:\n${show(incl)}\nself:\n${show(self)}`);
