import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { DEFAULT_PRESET } from "./scenario/presets";
import { App } from "./ui/App";
import { useSim } from "./ui/store";
import "./ui/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void useSim.getState().load(DEFAULT_PRESET.scenario, DEFAULT_PRESET.label);

// `?debug` exposes a hook that makes the worker fail, so tests can check how a failure is shown.
if (new URLSearchParams(location.search).has("debug")) {
  Object.assign(window, { irqscopeDebug: { crashWorker: () => useSim.getState().crashWorker() } });
}
