/**
 * The worker side of bench/worker-steps.mjs: boots a scenario in a fresh worker twice (cold, then warm)
 * and posts each step's milliseconds. No page, no view: the model's own time in Chromium's V8.
 */
import { Simulator } from "../src/sim/simulator";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<{ readonly scenario: { readonly steps: readonly unknown[] } }>) => {
  const { scenario } = e.data;
  const runs: string[] = [];
  for (const label of ["cold", "warm"]) {
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
    runs.push(
      `${label}: ${Math.round(performance.now() - t0)} ms (boot ${Math.round(boot)}; steps ${steps.join(" ")})`,
    );
  }
  scope.postMessage(runs.join("\n"));
};
