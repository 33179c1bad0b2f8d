/**
 * The machine's knobs: CPUs, kernel release, interrupt remapping, scheme, x2APIC and the kernel's
 * build options that decide which vectors, rows and files exist (Kconfig names). Applying builds the
 * new machine and replays the session's steps on it (store.setMachine); the steps it refuses are
 * listed in the result line and the Steps tab, and Ctrl+Z returns to the machine before. A value the
 * machine schema refuses is shown next to its field, and nothing changes.
 */
import { type FormEvent, type ReactNode, useState } from "react";
import { DISTRIBUTION_KCONFIG, kconfigByName } from "../../kernel/kconfig";
import { KERNELS } from "../../scenario/schema";
import { KCONFIG_KNOBS } from "../history";
import { useIrqStore } from "../store-context";
import { FieldError, fieldErrors } from "./field-errors";
import { Modal } from "./Modal";
import { SCHEME_MEANS, SCHEME_WHERE, schemeEffect } from "./scheme-help";

/** What each option changes, in the words of what a user then sees. */
const KCONFIG_HELP: Record<(typeof KCONFIG_KNOBS)[number], string> = {
  KVM: "posted-interrupt vectors 0xf0–0xf2; PIN, NPI, PIW in /proc/interrupts",
  GENERIC_IRQ_DEBUGFS: "/sys/kernel/debug/irq exists",
  X86_POSTED_MSI: "6.10+: vector 0xeb and the PMN row (posting needs intremap=posted_msi)",
};

export function MachineDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Machine knobs" className="form-dialog" testId="machine-knobs">
      <MachineForm onClose={onClose} />
    </Modal>
  );
}

function MachineForm({ onClose }: { onClose: () => void }) {
  const machine = useIrqStore((s) => s.base?.machine);
  const steps = useIrqStore((s) => s.steps.length);
  const setMachine = useIrqStore((s) => s.setMachine);
  const [cpus, setCpus] = useState(String(machine?.cpus ?? 8));
  const [kernel, setKernel] = useState<string>(machine?.kernel ?? "6.12");
  const [ir, setIr] = useState<string>(machine?.ir ?? "on");
  const [scheme, setScheme] = useState<string>(machine?.scheme ?? "new");
  const [x2apic, setX2apic] = useState(machine?.x2apic ?? false);
  const [kconfig, setKconfig] = useState(machine?.kconfig ?? kconfigByName(DISTRIBUTION_KCONFIG));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    // The text goes as typed unless it is a number, so the schema's message quotes what was written.
    const count = /^\s*\d{1,9}\s*$/.test(cpus) ? Number(cpus) : cpus;
    const r = await setMachine({ cpus: count, kernel, ir, scheme, x2apic, kconfig });
    setBusy(false);
    if (r.ok) onClose();
    else setErrors(fieldErrors(r.error, "machine"));
  };
  const described = (key: string) =>
    errors[key] ? { "aria-invalid": true as const, "aria-describedby": `knob-${key}-error` } : {};

  return (
    <form className="modal-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="machine knobs">
      <p className="muted">
        A new machine is built and the {steps} steps of the session are replayed on it; steps it refuses are listed, and
        Ctrl+Z returns to this machine.
      </p>
      <div className="field">
        <label htmlFor="knob-cpus">CPUs</label>
        <input
          id="knob-cpus"
          inputMode="numeric"
          value={cpus}
          onChange={(e) => {
            setCpus(e.target.value);
            setErrors({});
          }}
          data-testid="knob-cpus"
          data-autofocus
          {...described("cpus")}
        />
        <FieldError id="knob-cpus-error" message={errors.cpus} />
      </div>
      <KnobSelect
        knob="kernel"
        label="kernel"
        value={kernel}
        onChange={setKernel}
        options={KERNELS.map((k) => [k, k])}
        error={errors.kernel}
      />
      <KnobSelect
        knob="ir"
        label="interrupt remapping"
        value={ir}
        onChange={setIr}
        options={[
          ["on", "on (VT-d IR unit)"],
          ["off", "off (compat-format messages)"],
        ]}
        error={errors.ir}
      />
      <KnobSelect
        knob="scheme"
        label="scheme"
        value={scheme}
        onChange={setScheme}
        options={[
          ["new", "new (the Dec 2021 proposal)"],
          ["old", "old (what kernels did in 2021)"],
        ]}
        error={errors.scheme}
        help={
          <>
            <span className="knob-help-line">{SCHEME_MEANS}</span>
            <strong className="knob-help-line">
              {schemeEffect({ scheme, ir, kernel, platform: machine?.platform ?? "bare-metal" })}
            </strong>
            <span className="knob-help-line">{SCHEME_WHERE}</span>
          </>
        }
      />
      <div className="field">
        <label htmlFor="knob-x2apic">x2APIC</label>
        <input
          id="knob-x2apic"
          type="checkbox"
          checked={x2apic}
          onChange={(e) => setX2apic(e.target.checked)}
          data-testid="knob-x2apic"
        />
        <FieldError id="knob-x2apic-error" message={errors.x2apic} />
      </div>
      <fieldset className="kconfig-knobs" data-testid="knob-kconfig">
        <legend>kernel build (Kconfig); Debian's by default</legend>
        {KCONFIG_KNOBS.map((k) => (
          <label key={k} className="kconfig-option">
            <input
              type="checkbox"
              checked={kconfig[k]}
              onChange={(e) => {
                setKconfig({ ...kconfig, [k]: e.target.checked });
                setErrors({});
              }}
              data-testid={`knob-${k}`}
              {...described(`kconfig.${k}`)}
            />
            <code>CONFIG_{k}</code> <span className="muted">{KCONFIG_HELP[k]}</span>
            <FieldError id={`knob-kconfig.${k}-error`} message={errors[`kconfig.${k}`]} />
          </label>
        ))}
      </fieldset>
      <FieldError id="knob-general-error" message={errors.general} />
      <div className="modal-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" disabled={busy} data-testid="knobs-apply">
          Rebuild the machine
        </button>
      </div>
    </form>
  );
}

/** One knob chosen from a list: its label, the choices (value, words) and the schema's message under it. */
function KnobSelect(props: {
  knob: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
  error: string | undefined;
  /** What the knob changes, said under it (and read with it). */
  help?: ReactNode;
}) {
  const id = `knob-${props.knob}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={id}
        {...(props.help ? { "aria-describedby": `${id}-help` } : {})}
      >
        {props.options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
      {props.help ? (
        <p className="knob-help muted" id={`${id}-help`} data-testid={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}
