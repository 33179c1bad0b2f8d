import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./ui/App";
import { startSession } from "./ui/session";
import { useSim } from "./ui/store";
import { initTheme } from "./ui/theme";
import "./ui/styles.css";

// Before the first render: the first paint already has the stored theme.
initTheme();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void startSession();

// `?debug` exposes a hook that makes the worker fail, so tests can check how a failure is shown.
if (new URLSearchParams(location.search).has("debug")) {
  Object.assign(window, { irqscopeDebug: { crashWorker: () => useSim.getState().crashWorker() } });
}
