import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { DEFAULT_MACHINE } from "./kernel/machine";
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

void useSim.getState().boot(DEFAULT_MACHINE);

// `?debug` exposes a hook that makes the worker fail, so tests can check how a failure is shown.
if (new URLSearchParams(location.search).has("debug")) {
  Object.assign(window, { irqscopeDebug: { crashWorker: () => useSim.getState().crashWorker() } });
}
