/** The bottom tabs: the irq list, the kernel's own views (debugfs, /proc/interrupts) and the event log. */
import { useEffect, useRef, useState } from "react";
import { useSim } from "../store";
import { CpuPanel } from "./CpuPanel";
import { IrqTable } from "./IrqTable";

type Tab = "irqs" | "cpus" | "timeline" | "interrupts" | "log";

export function BottomTabs() {
  const [tab, setTab] = useState<Tab>("irqs");
  const showInterrupts = useSim((s) => s.showInterrupts);
  const steps = useSim((s) => s.view?.timeline.length ?? 0);
  const tabs: readonly [Tab, string][] = [
    ["irqs", "Irqs"],
    ["cpus", "CPUs"],
    ["timeline", `Steps (${steps})`],
    ["interrupts", "/proc/interrupts"],
    ["log", "Event log"],
  ];
  const open = (id: Tab) => {
    setTab(id);
    void showInterrupts(id === "interrupts");
  };
  return (
    <div className="bottom-tabs">
      <div role="tablist" aria-label="details">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => open(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === "irqs" ? (
          <IrqTable />
        ) : tab === "cpus" ? (
          <CpuPanel />
        ) : tab === "timeline" ? (
          <Timeline />
        ) : tab === "interrupts" ? (
          <ProcInterrupts />
        ) : (
          <EventLog />
        )}
      </div>
    </div>
  );
}

function TextFile({ path, text, testId }: { path: string; text: string; testId: string }) {
  return (
    <figure className="debugfs-file">
      <figcaption className="mono">{path}</figcaption>
      <pre className="mono" data-testid={testId}>
        {text}
      </pre>
    </figure>
  );
}

/** The session's steps, as the scenario records them, with each outcome. */
function Timeline() {
  const steps = useSim((s) => s.view?.timeline);
  if (!steps || steps.length === 0) return <p className="empty">No steps yet.</p>;
  return (
    <ol className="timeline mono" data-testid="timeline" start={0}>
      {steps.map((t) => (
        <li key={t.n} className={t.ok ? (t.silent ? "silent" : "ok") : "err"}>
          <span className="step-what">{t.what}</span> → {t.ok && !t.silent ? "ok" : ""} {t.outcome}
        </li>
      ))}
    </ol>
  );
}

function ProcInterrupts() {
  const text = useSim((s) => s.details.interrupts ?? "");
  return <TextFile path="/proc/interrupts" text={text} testId="proc-interrupts" />;
}

function EventLog() {
  const events = useSim((s) => s.events);
  const selected = useSim((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const device = useSim((s) => (s.selection?.kind === "device" ? s.selection.name : undefined));
  const [onlySelected, setOnlySelected] = useState(false);
  const [showMatrix, setShowMatrix] = useState(true);
  const shown = events
    .filter(
      (e) =>
        !onlySelected ||
        e.kind === "result" ||
        (selected !== undefined && e.irq === selected) ||
        (device !== undefined && e.device === device),
    )
    .filter((e) => showMatrix || !e.text.startsWith("irq_matrix_"))
    .slice(-400);
  const list = useRef<HTMLOListElement>(null);
  const last = shown.at(-1)?.seq;
  // Follow the newest line, like `tail -f`: the panel scrolls to the end when events arrive.
  useEffect(() => {
    const panel = list.current?.parentElement;
    if (panel && last !== undefined) panel.scrollTop = panel.scrollHeight;
  }, [last]);
  return (
    <div>
      <div className="log-filters">
        <label className="check">
          <input type="checkbox" checked={showMatrix} onChange={(e) => setShowMatrix(e.target.checked)} />
          irq_matrix events
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={onlySelected}
            disabled={selected === undefined && device === undefined}
            onChange={(e) => setOnlySelected(e.target.checked)}
          />
          only {selected !== undefined ? `irq ${selected}` : (device ?? "the selection")}
        </label>
      </div>
      <ol ref={list} className="mono event-log" data-testid="event-log" aria-label="event log">
        {shown.map((e) => (
          <li key={e.seq} className={`ev-${e.kind}`}>
            {e.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
