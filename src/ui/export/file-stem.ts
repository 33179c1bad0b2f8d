/** "Server with VT-d (6.12): NVMe, …" → "irqscope-server-with-vt-d-6-12": the machine, before the description. */
export function fileStem(title: string): string {
  const slug = (title.split(":")[0] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `irqscope-${slug || "machine"}`;
}
