/** The machine knobs: CPU count and kernel release. Booting replaces the machine. */
import { type FormEvent, useState } from "react";
import type { KernelRelease } from "../../kernel/arch/x86/vector";
import { KERNEL_RELEASES, MAX_CPUS } from "../../kernel/machine";
import { useSim } from "../store";

export function MachineBar() {
  const config = useSim((s) => s.view?.config);
  const boot = useSim((s) => s.boot);
  const [cpus, setCpus] = useState(String(config?.cpus ?? 4));
  const [kernel, setKernel] = useState<KernelRelease>(config?.kernel ?? "6.12");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void boot({ cpus: Number(cpus), kernel, legacyPic: true });
  };
  return (
    <form className="machine-bar" onSubmit={onSubmit} aria-label="machine">
      <label>
        CPUs
        <input
          type="number"
          min={1}
          max={MAX_CPUS}
          value={cpus}
          onChange={(e) => setCpus(e.target.value)}
          data-testid="machine-cpus"
        />
      </label>
      <label>
        kernel
        <select
          value={kernel}
          onChange={(e) => setKernel(e.target.value as KernelRelease)}
          data-testid="machine-kernel"
        >
          {KERNEL_RELEASES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Boot</button>
    </form>
  );
}
