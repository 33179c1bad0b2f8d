/**
 * The compare benchmark's script: a DSA-like device with IMS on a 6.12 server with VT-d, then `n`
 * steps of affinity changes and raises on its MSI-X and IMS entries, so that the two schemes part on
 * every IMS step (the old one refuses IMS) and agree on the MSI-X ones. Deterministic.
 */
export function compareScript(n = 1000) {
  const head = [
    { op: "alloc", device: "dsa0", type: "msix", min: 4, max: 4 },
    { op: "alloc_ims", device: "dsa0", count: 4, pasid: 1 },
    ...[0, 1, 2, 3].map((index) => ({ op: "request_irq", device: "dsa0", store: "ims", index })),
    ...[0, 1, 2, 3].map((index) => ({ op: "request_irq", device: "dsa0", store: "msix", index })),
  ];
  const steps = [...head];
  for (let i = 0; steps.length < n; i++) {
    const store = i % 2 ? "ims" : "msix";
    const index = (i >> 1) % 4;
    steps.push(
      i % 3 === 2
        ? { op: "raise", device: "dsa0", store, index }
        : { op: "set_affinity", device: "dsa0", store, index, cpus: String((i * 5) % 16) },
    );
  }
  return {
    format: "irqscope-scenario",
    version: 1,
    title: `Compare benchmark: ${n} steps on a DSA-like device with IMS`,
    machine: {
      cpus: 16,
      kernel: "6.12",
      ir: "on",
      devices: [{ name: "dsa0", model: "ims-dev", bdf: "0000:6a:01.0", table_size: 9, ims_size: 64 }],
    },
    steps,
  };
}
