/**
 * The compare view's top bar: what is compared (another preset, example or the workspace's scenario
 * can be chosen), the one timeline both panes follow (step back = undo, step, the step counter), the
 * link and the export, what happened upstream, and the way back to the workspace.
 */
import { useCallback, useEffect, useState } from "react";
import { download } from "../download";
import { chosenScenario, MachineOptions } from "../panels/machine-choices";
import { ShareLinkField, useShareLink } from "../panels/share-link-field";
import { ThemeToggle } from "../panels/ThemeToggle";
import { useCompare, useCompareApi } from "./compare-context";
import { compareUrl } from "./compare-session";
import type { CompareStore } from "./compare-store";
import { UpstreamDialog } from "./UpstreamDialog";
import { useBusyShown } from "./useBusyShown";

const WORKSPACE = "workspace";

function SourcePicker({ compare, workspace }: { compare: CompareStore; workspace: () => unknown }) {
  const busy = useBusyShown();
  const [choice, setChoice] = useState("");
  const onPick = async (id: string) => {
    setChoice(id);
    const { open } = compare.getState();
    if (id === WORKSPACE) return void (await open(workspace(), "the workspace's scenario"));
    try {
      const chosen = await chosenScenario(id);
      if (chosen) await open(chosen.scenario, chosen.label);
    } catch (e) {
      compare.setState({ message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <label className="compare-source">
      compare
      <select value={choice} onChange={(e) => void onPick(e.target.value)} disabled={busy} data-testid="compare-source">
        <option value="" disabled>
          another machine…
        </option>
        <option value={WORKSPACE}>the workspace's scenario</option>
        <MachineOptions />
      </select>
    </label>
  );
}

/** Step back (undo) and step, for both panes; Ctrl+Z and Ctrl+Y / Ctrl+Shift+Z do the same. */
function Timeline() {
  const at = useCompare((s) => s.at);
  const total = useCompare((s) => s.scenario?.steps.length ?? 0);
  const busy = useBusyShown();
  const goTo = useCompare((s) => s.goTo);
  const goBy = useCompare((s) => s.goBy);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (document.querySelector("dialog[open]")) return;
      const key = e.key.toLowerCase();
      if (key !== "z" && key !== "y") return;
      e.preventDefault();
      void goBy(key === "z" && !e.shiftKey ? -1 : 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [goBy]);
  return (
    <div className="compare-timeline" role="toolbar" aria-label="both panes' timeline">
      <button type="button" onClick={() => void goTo(0)} disabled={busy || at === 0} data-testid="compare-start">
        Start
      </button>
      <button
        type="button"
        onClick={() => void goBy(-1)}
        disabled={busy || at === 0}
        title="Step back in both panes (Ctrl+Z)"
        data-testid="compare-back"
      >
        ◀ Back
      </button>
      <span className="step-counter" data-testid="compare-counter" aria-live="polite">
        step {at}/{total}
      </span>
      <button
        type="button"
        onClick={() => void goBy(1)}
        disabled={busy || at >= total}
        title="Step in both panes (Ctrl+Y)"
        data-testid="compare-step"
      >
        Step ▶
      </button>
      <button type="button" onClick={() => void goTo(total)} disabled={busy || at >= total} data-testid="compare-end">
        End
      </button>
    </div>
  );
}

export function CompareBar({ workspace }: { workspace: () => unknown }) {
  const compare = useCompareApi();
  const title = useCompare((s) => s.result?.title || s.label);
  const busy = useBusyShown();
  const [link, share] = useShareLink();
  const [upstream, setUpstream] = useState(false);
  const closeUpstream = useCallback(() => setUpstream(false), []);
  if (!compare) return null;
  const onShare = () => share(compareUrl(compare));
  const onExport = () => {
    const { scenario, result } = compare.getState();
    if (!scenario || !result) return;
    const json = `${JSON.stringify({ format: "irqscope-compare", version: 1, scenario, result }, null, 2)}\n`;
    download("irqscope-compare.json", new Blob([json], { type: "application/json" }));
  };
  return (
    <header className="topbar compare-bar">
      <h1>
        irqscope <span className="tagline">old | new</span>
      </h1>
      <p className="compare-title" data-testid="compare-title">
        {title}
      </p>
      <SourcePicker compare={compare} workspace={workspace} />
      <Timeline />
      <div className="compare-actions" role="toolbar" aria-label="compare sharing">
        <button type="button" onClick={() => void onShare()} disabled={busy} data-testid="compare-share">
          Share
        </button>
        <button type="button" onClick={onExport} disabled={busy} data-testid="compare-export">
          Export
        </button>
        <button type="button" onClick={() => setUpstream(true)} data-testid="open-upstream">
          What happened upstream
        </button>
        <button type="button" onClick={() => compare.getState().close()} data-testid="close-compare">
          Back to the workspace
        </button>
      </div>
      <ThemeToggle />
      <ShareLinkField link={link} label="compare link" testId="compare-link" />
      <UpstreamDialog open={upstream} onClose={closeUpstream} />
    </header>
  );
}
