import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MAIN_MACHINE } from "./sim/tree-ids";
import { App } from "./ui/App";
import { CompareProvider } from "./ui/compare/compare-context";
import { startCompareLinks } from "./ui/compare/compare-session";
import { createCompareStore } from "./ui/compare/compare-store";
import { Workspaces } from "./ui/compare/Workspaces";
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
// Compare mode: two more panes (old | new), the new one on a worker of its own (started when first
// used), opened from the workspace or a #/c/ link.
const compare = createCompareStore(host, new SimWorkerHost());

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <CompareProvider store={compare}>
        <Workspaces>
          <App />
        </Workspaces>
      </CompareProvider>
    </StoreProvider>
  </StrictMode>,
);

startCompareLinks(compare, store, startSession(store));

// `?debug` exposes a hook that makes the worker fail, so tests can check how a failure is shown.
if (new URLSearchParams(location.search).has("debug")) {
  Object.assign(window, { irqscopeDebug: { crashWorker: () => host.crash() } });
}
