/** The workspace: machine bar, canvas, CPU panel, actions and the bottom tabs. */
import { DomainCanvas } from "./canvas/DomainCanvas";
import { AllocateForm } from "./panels/AllocateForm";
import { BottomTabs } from "./panels/BottomTabs";
import { ClockControl } from "./panels/ClockControl";
import { CpuPanel } from "./panels/CpuPanel";
import { FailureBanner } from "./panels/FailureBanner";
import { IrqDetails } from "./panels/IrqDetails";
import { MachineBar } from "./panels/MachineBar";
import { ResultLine } from "./panels/ResultLine";
import { useSim } from "./store";

export function App() {
  const status = useSim((s) => s.status);
  const booted = useSim((s) => s.view !== undefined);
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          irqscope <span className="tagline">the Linux x86 irqdomain hierarchy, live</span>
        </h1>
        {booted ? <MachineBar /> : null}
      </header>
      <FailureBanner />
      {booted ? (
        <main className="workspace" data-status={status}>
          <section className="canvas" aria-label="irqdomain hierarchy">
            <DomainCanvas />
          </section>
          <aside className="side">
            <IrqDetails />
            <CpuPanel />
          </aside>
          <section className="actions" aria-label="actions">
            <div className="actions-row">
              <AllocateForm />
              <ClockControl />
            </div>
            <ResultLine />
          </section>
          <section className="bottom">
            <BottomTabs />
          </section>
        </main>
      ) : (
        <p className="loading">{status === "failed" ? "" : "Booting the model…"}</p>
      )}
    </div>
  );
}
