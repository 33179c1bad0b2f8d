import { readFileSync } from "node:fs";
import { it } from "vitest";
import { Simulator } from "./sim/simulator";
import { details, machineView } from "./sim/views";

it("prof", () => {
  for (const f of ["irte-table-full", "server-vtd", "qemu-q35-recorded"]) {
    const text = readFileSync(`public/scenarios/${f}.json`, "utf8");
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const r = Simulator.boot(text);
      const t1 = performance.now();
      if (!r.ok) throw new Error(r.error);
      const v = machineView(r.sim, { interrupts: false });
      const t2 = performance.now();
      details(r.sim, { interrupts: false });
      const t3 = performance.now();
      console.log(
        f,
        "boot",
        (t1 - t0).toFixed(0),
        "view",
        (t2 - t1).toFixed(0),
        "details",
        (t3 - t2).toFixed(0),
        JSON.stringify(v).length,
      );
    }
  }
});
