import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MAIN_MACHINE } from "./sim/tree-ids";
import { App } from "./ui/App";
import { initPresentation } from "./ui/present/presentation";
import { startSession } from "./ui/session";
import { createIrqscopeStore } from "./ui/store";
import { StoreProvider } from "./ui/store-context";
import { initTheme } from "./ui/theme";
import { SimWorkerHost } from "./worker/client";
import "./ui/styles.css";

// Before the first render: the first paint already has the stored theme.
initTheme();
initPresentation();

// One worker for the page; the workspace is one pane with one session on the "main" machine.
const host = new SimWorkerHost();
const store = createIrqscopeStore(host.connector("main", MAIN_MACHINE));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

void startSession(store);

// `?debug` exposes a hook that makes the worker fail, so tests can check how a failure is shown.
if (new URLSearchParams(location.search).has("debug")) {
  Object.assign(window, { irqscopeDebug: { crashWorker: () => host.crash() } });
}
