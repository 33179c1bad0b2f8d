/** The machine: a preset or an example scenario, and a summary of the knobs it was booted with. */

import { useEffect, useState } from "react";
import type { KconfigByName } from "../../kernel/kconfig";
import { PRESETS } from "../../scenario/presets";
import { MachineActions } from "../dialogs/MachineActions";
import { useIrqStore } from "../store-context";
import { chosenScenario, MachineOptions } from "./machine-choices";

export function MachineBar() {
  const machine = useIrqStore((s) => s.view?.machine);
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  const load = useIrqStore((s) => s.load);
  const [choice, setChoice] = useState(PRESETS[0]?.id ?? "");
  const [error, setError] = useState("");
  // A preset loaded another way (the palette, undo across a machine change) shows in the picker too.
  const title = useIrqStore((s) => s.base?.title);
  useEffect(() => {
    const preset = PRESETS.find((p) => p.scenario.title === title);
    if (preset) setChoice(preset.id);
  }, [title]);
  const onPick = async (id: string) => {
    setChoice(id);
    setError("");
    try {
      const chosen = await chosenScenario(id);
      if (chosen) await load(chosen.scenario, chosen.label);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="machine-bar">
      <label>
        machine
        <select value={choice} onChange={(e) => void onPick(e.target.value)} data-testid="machine-preset">
          <MachineOptions />
        </select>
      </label>
      {readOnly ? (
        <span className="machine-summary muted" data-testid="machine-summary">
          imported machine (read-only): its knobs are a simulation's
        </span>
      ) : machine ? (
        <MachineActions
          summary={
            <span className="machine-summary" data-testid="machine-summary">
              {machine.cpus} CPUs · kernel {machine.kernel} · IR {machine.ir} · {machine.x2apic ? "x2APIC" : "xAPIC"} ·
              scheme {machine.scheme === "new" ? "new (Dec 2021 proposal)" : machine.scheme}
              <span className="muted" title="kernel build options (machine knobs)">
                {" "}
                · {buildText(machine.kconfig)}
              </span>
            </span>
          }
        />
      ) : null}
      {error ? <span className="err">{error}</span> : null}
    </div>
  );
}

/** The build in a few words: "KVM" or "no KVM", and "irq debugfs" where it is built in. */
function buildText(k: KconfigByName): string {
  return [k.KVM ? "KVM" : "no KVM", k.GENERIC_IRQ_DEBUGFS ? "irq debugfs" : "", k.X86_POSTED_MSI ? "posted MSI" : ""]
    .filter(Boolean)
    .join(", ");
}
