/** The workspace: machine bar, canvas, CPU panel, actions and the bottom tabs. */
import { DomainCanvas } from "./canvas/DomainCanvas";
import { CommandBar } from "./commands/CommandBar";
import { OpenCompareButton } from "./compare/OpenCompareButton";
import { GlossaryDefinitions } from "./glossary/Term";
import { ImportBanner } from "./import/ImportBanner";
import { useFileDrop } from "./import/useFileDrop";
import { Inspector } from "./inspector/Inspector";
import { LessonHost } from "./lessons/LessonHost";
import { LessonPanel } from "./lessons/LessonPanel";
import { LessonsButton } from "./lessons/LessonsButton";
import { UpdateBanner } from "./offline/UpdateBanner";
import { useSettled } from "./offline/useSettled";
import { BottomTabs } from "./panels/BottomTabs";
import { ClockControl } from "./panels/ClockControl";
import { FailureBanner } from "./panels/FailureBanner";
import { MachineBar } from "./panels/MachineBar";
import { ResultLine } from "./panels/ResultLine";
import { SessionBar } from "./panels/SessionBar";
import { ThemeToggle } from "./panels/ThemeToggle";
import { PresentToggle } from "./present/PresentToggle";
import { useIrqStore } from "./store-context";

/** How long the workspace stays ready before the service worker is registered. */
const SERVICE_WORKER_AFTER_MS = 2000;

export function App() {
  const status = useIrqStore((s) => s.status);
  const booted = useIrqStore((s) => s.view !== undefined);
  // While the worker is down (or booting) nothing can be acted on; the banner says why.
  const ready = status === "ready";
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  // The service worker's first install waits until the machine the user chose is on screen.
  const settled = useSettled(SERVICE_WORKER_AFTER_MS);
  useFileDrop();
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          irqscope <span className="tagline">the Linux x86 irqdomain hierarchy, live</span>
        </h1>
        {booted ? <MachineBar /> : null}
        {booted ? <SessionBar /> : null}
        {booted ? <CommandBar /> : null}
        <LessonsButton />
        {booted ? <OpenCompareButton /> : null}
        <PresentToggle />
        <ThemeToggle />
      </header>
      <FailureBanner />
      {settled ? <UpdateBanner /> : null}
      <GlossaryDefinitions />
      <ImportBanner />
      <LessonHost />
      {booted ? (
        <div className="stage">
          <LessonPanel />
          <main className="workspace" data-status={status} data-read-only={readOnly ? "true" : undefined}>
            <section className="canvas" aria-label="irqdomain hierarchy">
              <DomainCanvas />
            </section>
            {/* Focusable: it scrolls, and a keyboard user must be able to scroll a long debugfs file in it. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard */}
            <aside className="side" aria-label="inspector" inert={!ready} tabIndex={0}>
              <Inspector />
            </aside>
            <section className="actions" aria-label="actions" inert={!ready}>
              <div className="actions-row">{readOnly ? null : <ClockControl />}</div>
              <ResultLine />
            </section>
            <section className="bottom" inert={!ready}>
              <BottomTabs />
            </section>
          </main>
        </div>
      ) : (
        <div className="loading">
          <p>{status === "failed" ? "" : "Booting the model…"}</p>
          <LessonsButton big />
        </div>
      )}
    </div>
  );
}
