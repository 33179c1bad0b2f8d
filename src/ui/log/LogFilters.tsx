/**
 * The event log's filters: kinds (with how many lines each would show), irq, CPU, device, text and
 * errors only, combined; "the selection" fills irq / CPU / device from what the inspector shows.
 */
import { LOG_CATEGORIES, type LogCategory, type LogFilter } from "../../sim/log-query";
import { useIrqStore } from "../store-context";

export const CATEGORY_LABELS: Readonly<Record<LogCategory, readonly [string, string]>> = {
  vector: ["vector_*", "irq_vectors tracepoints (arch/x86/kernel/apic/vector.c)"],
  matrix: ["irq_matrix_*", "irq_matrix tracepoints (kernel/irq/matrix.c)"],
  irte: ["irte_write", "IRTE writes by the interrupt-remapping unit (modify_irte, clear_entries)"],
  store: [
    "store writes",
    "register writes to device message stores: MSI capability, MSI-X table, IMS, IO-APIC RTEs, HPET",
  ],
  step: ["steps", "the outcome of each step"],
  error: ["errors", "steps the kernel (or the scenario format) refused, with the errno explained"],
  kernel: ["kernel messages", "pr_warn / WARN / debug lines"],
  virt: ["VMM / KVM", "a guest's host side: QEMU traps, vIRTE hypercalls, KVM routes, host IRTEs"],
};

/** The filter's inputs as typed: numbers stay text until they parse. */
export interface FilterInputs {
  readonly kinds: readonly LogCategory[];
  readonly irq: string;
  readonly cpu: string;
  readonly device: string;
  readonly text: string;
  readonly errorsOnly: boolean;
}

export const NO_FILTER: FilterInputs = {
  kinds: LOG_CATEGORIES,
  irq: "",
  cpu: "",
  device: "",
  text: "",
  errorsOnly: false,
};

/** A whole decimal number, or undefined for an empty field; NaN when it is not one. */
function numberField(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The filter the worker is asked for; a field that does not parse is left out (and marked invalid). */
export function toFilter(f: FilterInputs): LogFilter {
  const irq = numberField(f.irq);
  const cpu = numberField(f.cpu);
  return {
    ...(f.kinds.length === LOG_CATEGORIES.length ? {} : { categories: f.kinds }),
    ...(irq !== undefined && !Number.isNaN(irq) ? { irq } : {}),
    ...(cpu !== undefined && !Number.isNaN(cpu) ? { cpu } : {}),
    ...(f.device ? { device: f.device } : {}),
    ...(f.text.trim() ? { text: f.text } : {}),
    ...(f.errorsOnly ? { errorsOnly: true } : {}),
  };
}

export function isFiltered(f: FilterInputs): boolean {
  return Object.keys(toFilter(f)).length > 0 || f.irq.trim() !== "" || f.cpu.trim() !== "";
}

export function LogFilters({
  value,
  onChange,
  counts,
}: {
  value: FilterInputs;
  onChange: (f: FilterInputs) => void;
  counts: Readonly<Record<LogCategory, number>> | undefined;
}) {
  const devices = useIrqStore((s) => s.view?.devices);
  const selection = useIrqStore((s) => s.selection);
  const set = (patch: Partial<FilterInputs>) => onChange({ ...value, ...patch });
  const irqBad = Number.isNaN(numberField(value.irq));
  const cpuBad = Number.isNaN(numberField(value.cpu));
  const fromSelection = (): Partial<FilterInputs> | undefined => {
    switch (selection?.kind) {
      case "irq":
        return { irq: String(selection.irq), cpu: "", device: "" };
      case "cpu":
        return { cpu: String(selection.cpu), irq: "", device: "" };
      case "device":
        return { device: selection.name, irq: "", cpu: "" };
      default:
        return undefined;
    }
  };
  const selected = fromSelection();
  const selectedLabel =
    selection?.kind === "irq"
      ? `irq ${selection.irq}`
      : selection?.kind === "cpu"
        ? `CPU ${selection.cpu}`
        : selection?.kind === "device"
          ? selection.name
          : "the selection";
  const toggle = (k: LogCategory, on: boolean) =>
    set({ kinds: LOG_CATEGORIES.filter((c) => (c === k ? on : value.kinds.includes(c))) });
  return (
    <div className="log-filters">
      <fieldset className="log-kinds" disabled={value.errorsOnly}>
        <legend className="sr-only">kinds of lines</legend>
        {LOG_CATEGORIES.map((k) => {
          const [label, title] = CATEGORY_LABELS[k];
          return (
            <label key={k} className="check" title={title}>
              <input
                type="checkbox"
                checked={value.kinds.includes(k)}
                onChange={(e) => toggle(k, e.target.checked)}
                data-testid={`log-kind-${k}`}
              />
              {label} <span className="muted">{counts ? counts[k].toLocaleString("en") : ""}</span>
            </label>
          );
        })}
      </fieldset>
      <div className="log-fields">
        <label className="check log-errors" title={CATEGORY_LABELS.error[1]}>
          <input
            type="checkbox"
            checked={value.errorsOnly}
            onChange={(e) => set({ errorsOnly: e.target.checked })}
            data-testid="log-errors-only"
          />
          errors only
        </label>
        <NumberFilter label="irq" size={6} value={value.irq} bad={irqBad} onChange={(irq) => set({ irq })} />
        <NumberFilter label="CPU" size={4} value={value.cpu} bad={cpuBad} onChange={(cpu) => set({ cpu })} />
        <label>
          device{" "}
          <select value={value.device} onChange={(e) => set({ device: e.target.value })} data-testid="log-device">
            <option value="">any</option>
            {devices?.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          text{" "}
          <input
            type="search"
            size={16}
            value={value.text}
            placeholder="vector_update, 0x21…"
            onChange={(e) => set({ text: e.target.value })}
            data-testid="log-text"
          />
        </label>
        <button
          type="button"
          disabled={!selected}
          onClick={() => selected && set(selected)}
          title="filter by the irq, CPU or device the inspector shows"
          aria-label={`filter by ${selectedLabel}`}
          data-testid="log-use-selection"
        >
          {selectedLabel}
        </button>
        <button type="button" disabled={!isFiltered(value)} onClick={() => onChange(NO_FILTER)} data-testid="log-clear">
          Clear filters
        </button>
        {irqBad || cpuBad ? (
          <span className="err" role="status">
            {irqBad ? "irq" : "CPU"} must be a whole number; that field is not applied
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** A number typed into the filter row (irq, CPU); `bad` while it is not one. */
function NumberFilter(props: {
  label: string;
  size: number;
  value: string;
  bad: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}{" "}
      <input
        type="text"
        inputMode="numeric"
        size={props.size}
        value={props.value}
        aria-invalid={props.bad}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={`log-${props.label.toLowerCase()}`}
      />
    </label>
  );
}
