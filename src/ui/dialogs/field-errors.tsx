/** The schema's messages put next to the field they name: `device.bdf: …` goes under the BDF input. */

/** `{bdf: "…"}` for `device.bdf: …` (with root "device"); anything else is `{general: message}`. */
export function fieldErrors(message: string, root: string): Record<string, string> {
  const m = new RegExp(`^${root}\\.([A-Za-z_][A-Za-z0-9_.]*): (.*)$`, "s").exec(message);
  return m?.[1] && m[2] !== undefined ? { [m[1]]: m[2] } : { general: message };
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <p id={id} className="field-error" data-testid={id} aria-live="polite">
      {message ?? ""}
    </p>
  );
}
