/**
 * The worker side of bench/worker-steps.mjs: boots the scenarios it is sent in one fresh worker, in
 * order (each `repeat` times: cold, then warm), and posts each step's milliseconds. No page, no view:
 * the model's own time in Chromium's V8.
 */
import { Simulator } from "../src/sim/simulator";

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Run {
  readonly label: string;
  readonly scenario: { readonly steps: readonly unknown[] };
}

scope.onmessage = (e: MessageEvent<{ readonly runs: readonly Run[] }>) => {
  const out: string[] = [];
  for (const { label, scenario } of e.data.runs) {
    const t0 = performance.now();
    const booted = Simulator.boot({ ...scenario, steps: [] });
    if (!booted.ok) {
      scope.postMessage(booted.error);
      return;
    }
    const boot = performance.now() - t0;
    const steps = scenario.steps.map((step) => {
      const t = performance.now();
      booted.sim.apply(step);
      return Math.round(performance.now() - t);
    });
    out.push(`${label}: ${Math.round(performance.now() - t0)} ms (boot ${Math.round(boot)}; steps ${steps.join(" ")})`);
  }
  scope.postMessage(out.join("\n"));
};
