/** The machines a menu offers (presets, example scenarios) and how a choice becomes a scenario. */

import { memo } from "react";
import { EXAMPLE_SCENARIOS, PRESETS } from "../../scenario/presets";

async function fetchExample(file: string): Promise<string> {
  // Relative to the page, so the site works from any sub-path.
  const res = await fetch(new URL(`scenarios/${file}`, document.baseURI));
  if (!res.ok) throw new Error(`scenarios/${file}: HTTP ${res.status}`);
  return res.text();
}

/** The scenario behind a menu choice (a preset's id, an example's file); undefined: not one of them. Throws when a fetch fails. */
export async function chosenScenario(id: string): Promise<{ scenario: unknown; label: string } | undefined> {
  const preset = PRESETS.find((p) => p.id === id);
  if (preset) return { scenario: preset.scenario, label: preset.label };
  const example = EXAMPLE_SCENARIOS.find((e) => e.file === id);
  return example ? { scenario: await fetchExample(example.file), label: example.label } : undefined;
}

/** The presets and the example scenarios as option groups of a machine menu (memoised: they never change). */
export const MachineOptions = memo(function MachineOptions() {
  return (
    <>
      <optgroup label="Presets">
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </optgroup>
      <optgroup label="Example scenarios">
        {EXAMPLE_SCENARIOS.map((e) => (
          <option key={e.file} value={e.file}>
            {e.label}
          </option>
        ))}
      </optgroup>
    </>
  );
});
