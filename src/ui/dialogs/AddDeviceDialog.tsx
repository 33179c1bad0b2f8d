/**
 * Hot-add a device: kind, name, BDF (a free one suggested) and the model's options. The form sends a
 * device_add step, the same the palette's `add` sends; the scenario schema's message for a bad field
 * (checked here first, then by the worker against the machine) is shown next to that field, and
 * nothing changes. The new device is selected, so the inspector and the canvas show it.
 */
import { type FormEvent, type ReactNode, useMemo, useState } from "react";
import { isStepInput, stepProblem } from "../../scenario/parse";
import { placementProblem } from "../commands/add-command";
import { type DeviceKind, freeBdf, freeName, KINDS, modelSpec, type OptionSpec } from "../commands/device-catalog";
import { useIrqStore } from "../store-context";
import { FieldError, fieldErrors } from "./field-errors";
import { Modal } from "./Modal";

type Values = Record<string, string | boolean>;

function defaults(kind: DeviceKind, names: readonly string[], bdfs: readonly string[]): Values {
  const spec = modelSpec(kind.model);
  const prefix = kind.kind === kind.model ? kind.kind.replace(/^pci-/, "") : kind.kind;
  const values: Values = { name: freeName(prefix, names) };
  if (spec.pci) values.bdf = freeBdf(bdfs);
  for (const o of spec.options) {
    const def = kind.options[o.key] ?? o.def;
    values[o.key] = typeof def === "boolean" ? def : String(def);
  }
  return values;
}

/** Numbers typed as digits go to the schema as numbers; anything else as text, for its message to quote. */
function asValue(o: OptionSpec, v: string | boolean): unknown {
  if (typeof v === "boolean") return v;
  return (o.kind === "int" || o.kind === "choice") && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v;
}

export function AddDeviceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Add a device (hot-plug)" className="form-dialog" testId="add-device">
      <AddDeviceForm onClose={onClose} />
    </Modal>
  );
}

function AddDeviceForm({ onClose }: { onClose: () => void }) {
  const devices = useIrqStore((s) => s.view?.devices);
  const apply = useIrqStore((s) => s.apply);
  const select = useIrqStore((s) => s.select);
  const names = useMemo(() => devices?.map((d) => d.name) ?? [], [devices]);
  const bdfs = useMemo(() => devices?.map((d) => d.bdf).filter(Boolean) ?? [], [devices]);
  // The form opens on the NVMe model: the device most people have.
  const [kindId, setKindId] = useState(KINDS.some((k) => k.kind === "nvme") ? "nvme" : (KINDS[0]?.kind ?? "pci-msix"));
  const kind = KINDS.find((k) => k.kind === kindId) ?? (KINDS[0] as DeviceKind);
  const spec = modelSpec(kind.model);
  const [values, setValues] = useState<Values>(() => defaults(kind, names, bdfs));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const pick = (id: string) => {
    const next = KINDS.find((k) => k.kind === id);
    if (!next) return;
    setKindId(id);
    setValues(defaults(next, names, bdfs));
    setErrors({});
  };
  const set = (key: string, v: string | boolean) => {
    setValues((old) => ({ ...old, [key]: v }));
    setErrors(({ [key]: _, general: __, ...rest }) => rest);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const device: Record<string, unknown> = { model: kind.model, name: String(values.name ?? "").trim() };
    if (spec.pci) device.bdf = String(values.bdf ?? "").trim();
    for (const o of spec.options) device[o.key] = asValue(o, values[o.key] ?? "");
    const cmd = { op: "device_add", device };
    const local = stepProblem(cmd) ?? placementProblem({ name: String(device.name), bdf: device.bdf }, devices ?? []);
    if (local !== undefined || !isStepInput(cmd)) {
      setErrors(fieldErrors(local ?? "not a device", "device"));
      return;
    }
    const r = await apply(cmd, `add ${kind.kind} ${String(device.name)}`);
    if (!r) return;
    if (!r.ok) {
      // The schema's refusals name a field; the kernel's (say, a second HPET block) stand for the form.
      const byField = fieldErrors(r.reason, "device");
      setErrors(byField.general === undefined ? byField : { general: `-${r.errno}: ${r.reason}` });
      return;
    }
    onClose();
    await select({ kind: "device", name: String(device.name) });
  };

  const field = (key: string, label: string, input: ReactNode) => (
    <div className="field" key={key}>
      <label htmlFor={`add-${key}`}>{label}</label>
      {input}
      <FieldError id={`add-${key}-error`} message={errors[key]} />
    </div>
  );
  const text = (key: string, label: string, extra?: { inputMode?: "numeric"; mono?: boolean }) =>
    field(
      key,
      label,
      <input
        id={`add-${key}`}
        className={extra?.mono ? "mono" : undefined}
        inputMode={extra?.inputMode}
        value={String(values[key] ?? "")}
        onChange={(e) => set(key, e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `add-${key}-error` : undefined}
        data-testid={`add-${key}`}
        autoComplete="off"
      />,
    );

  return (
    <form className="modal-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="device to add">
      {field(
        "kind",
        "kind",
        <select
          id="add-kind"
          value={kindId}
          onChange={(e) => pick(e.target.value)}
          data-testid="add-kind"
          data-autofocus
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.kind === k.model ? `${k.kind}: ${k.what}` : `${k.kind}: ${k.what} (${k.model})`}
            </option>
          ))}
        </select>,
      )}
      {text("name", "name")}
      {spec.pci ? text("bdf", "BDF (bus:device.function)", { mono: true }) : null}
      {spec.options.map((o) =>
        o.kind === "bool"
          ? field(
              o.key,
              o.key,
              <input
                id={`add-${o.key}`}
                type="checkbox"
                checked={values[o.key] === true}
                onChange={(e) => set(o.key, e.target.checked)}
                data-testid={`add-${o.key}`}
              />,
            )
          : o.kind === "choice"
            ? field(
                o.key,
                o.key,
                <select
                  id={`add-${o.key}`}
                  value={String(values[o.key] ?? "")}
                  onChange={(e) => set(o.key, e.target.value)}
                  data-testid={`add-${o.key}`}
                >
                  {o.choices.map((c) => (
                    <option key={c} value={String(c)}>
                      {c}
                    </option>
                  ))}
                </select>,
              )
            : text(o.key, `${o.key} (${o.min}–${o.max})`, { inputMode: "numeric" }),
      )}
      <FieldError id="add-general-error" message={errors.general} />
      <div className="modal-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" data-testid="add-submit">
          Add device
        </button>
      </div>
    </form>
  );
}
