/** The top functions of a .cpuprofile (CDP or V8), self and inclusive, per `per` samples: `node bench/cpuprofile-top.mjs FILE [per] [n]`. */
import { readFileSync } from "node:fs";

const [file, perArg = "1", nArg = "40"] = process.argv.slice(2);
const per = Number(perArg);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (m) =>
  `${m.callFrame.functionName || "(anon)"} ${m.callFrame.url.split("/").pop()}:${m.callFrame.lineNumber}`;
const self = new Map();
const incl = new Map();
for (let k = 0; k < p.samples.length; k++) {
  const d = (p.timeDeltas[k + 1] ?? 0) / 1000;
  let id = p.samples[k];
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + d);
  const seen = new Set();
  while (id !== undefined) {
    const key = name(byId.get(id));
    if (!seen.has(key)) {
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + d);
    }
    id = parent.get(id);
  }
}
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(nArg))
    .map(([k, v]) => `  ${(v / per).toFixed(2)} ms  ${k}`)
    .join("\n");
console.log(`inclusive:\n${show(incl)}\nself:\n${show(self)}`);
