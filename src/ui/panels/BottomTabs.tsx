/**
 * The bottom tabs: the irq list, the IRTE table, the vector map, the device stores, the kernel's own
 * views (/proc/interrupts, debugfs) and the event log. The tab list follows the ARIA tabs pattern: one tab
 * in the Tab order, the arrow keys (and Home/End) move between tabs and open them.
 */
import { type KeyboardEvent, useEffect, useRef } from "react";
import { DebugfsTab } from "../debugfs/DebugfsTab";
import { EventLog } from "../log/EventLog";
import { useIrqStore } from "../store-context";
import { DeviceStores } from "../tables/DeviceStores";
import { IrteTable } from "../tables/IrteTable";
import { VectorHeatmap } from "../tables/VectorHeatmap";
import type { BottomTab as Tab } from "./bottom-tab";
import { CpuPanel } from "./CpuPanel";
import { IrqTable } from "./IrqTable";
import { Timeline } from "./Timeline";

export function BottomTabs() {
  const picked = useIrqStore((s) => s.tab);
  const setTab = useIrqStore((s) => s.openTab);
  const showInterrupts = useIrqStore((s) => s.showInterrupts);
  const steps = useIrqStore((s) => s.view?.timelineTotal ?? 0);
  const hasIr = useIrqStore((s) => s.view?.ir !== undefined);
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  // An imported machine has no live model behind it: only what the input printed can be shown.
  const tabs: readonly (readonly [Tab, string])[] = readOnly
    ? [
        ["irqs", "Irqs"],
        ["cpus", "CPUs"],
        ["interrupts", "/proc/interrupts (as read)"],
      ]
    : [
        ["irqs", "Irqs"],
        ["cpus", "CPUs"],
        ...(hasIr ? ([["irtes", "IRTEs"]] as const) : []),
        ["vectors", "Vectors"],
        ["stores", "Stores"],
        ["timeline", `Steps (${steps})`],
        ["interrupts", "/proc/interrupts"],
        ["debugfs", "debugfs"],
        ["log", "Event log"],
      ];
  // A machine without an IR unit has no IRTE tab: fall back to the irq list.
  const tab: Tab = tabs.some(([id]) => id === picked) ? picked : "irqs";
  const list = useRef<HTMLDivElement>(null);
  const open = (id: Tab) => setTab(id);
  // The worker prints /proc/interrupts only while its tab is open (other views open tabs too).
  const interruptsOpen = tab === "interrupts";
  useEffect(() => {
    void showInterrupts(interruptsOpen);
  }, [interruptsOpen, showInterrupts]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex(([id]) => id === tab);
    const to =
      e.key === "ArrowRight"
        ? (i + 1) % tabs.length
        : e.key === "ArrowLeft"
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? tabs.length - 1
              : -1;
    const next = tabs[to];
    if (!next) return;
    e.preventDefault();
    open(next[0]);
    list.current?.querySelector<HTMLElement>(`#tab-${next[0]}`)?.focus();
  };
  return (
    <div className="bottom-tabs">
      <div role="tablist" aria-label="details" ref={list} onKeyDown={onKey}>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => open(id)}
          >
            {label}
          </button>
        ))}
        {readOnly ? (
          <span className="muted tabs-note">
            IRTEs, vectors, stores, steps, debugfs and the event log need a live model: simulate a machine like this
          </span>
        ) : null}
      </div>
      <div
        role="tabpanel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the APG tabs pattern; a long panel (/proc/interrupts) scrolls by keyboard
        tabIndex={0}
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className={`tab-panel${["irqs", "irtes", "vectors", "debugfs", "log"].includes(tab) ? " tbl-panel" : ""}`}
      >
        {tab === "irqs" ? (
          <IrqTable />
        ) : tab === "cpus" ? (
          <CpuPanel />
        ) : tab === "irtes" ? (
          <IrteTable />
        ) : tab === "vectors" ? (
          <VectorHeatmap />
        ) : tab === "stores" ? (
          <DeviceStores />
        ) : tab === "timeline" ? (
          <Timeline />
        ) : tab === "interrupts" ? (
          <ProcInterrupts />
        ) : tab === "debugfs" ? (
          <DebugfsTab />
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

function ProcInterrupts() {
  const text = useIrqStore((s) => s.details.interrupts ?? "");
  return <TextFile path="/proc/interrupts" text={text} testId="proc-interrupts" />;
}
