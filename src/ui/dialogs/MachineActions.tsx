/**
 * The machine bar's actions: its summary is the button that opens the knobs, and a device can be
 * hot-added beside it. Each opens its dialog.
 */
import { type ReactNode, useState } from "react";
import { AddDeviceDialog, MachineDialog } from "../lazy/lazy-views";
import { MountWhenOpened } from "../lazy/MountWhenOpened";
import { useIrqStore } from "../store-context";

export function MachineActions({ summary }: { summary: ReactNode }) {
  const [open, setOpen] = useState<"knobs" | "device" | undefined>(undefined);
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  const ready = useIrqStore((s) => s.status === "ready") && !readOnly;
  const why = readOnly ? "An imported machine is read-only: simulate a machine like it to change it" : undefined;
  const close = () => setOpen(undefined);
  return (
    <>
      <button
        type="button"
        className="knobs-button"
        onClick={() => setOpen("knobs")}
        disabled={!ready}
        title={why ?? "Change the machine's knobs (the steps are replayed)"}
        data-testid="open-knobs"
      >
        <span className="sr-only">Machine knobs: </span>
        {summary} <span aria-hidden="true">✎</span>
      </button>
      <button
        type="button"
        onClick={() => setOpen("device")}
        disabled={!ready}
        title={why ?? "Hot-add a device"}
        data-testid="open-add-device"
      >
        + Device
      </button>
      <MountWhenOpened open={open === "knobs"}>
        <MachineDialog open={open === "knobs"} onClose={close} />
      </MountWhenOpened>
      <MountWhenOpened open={open === "device"}>
        <AddDeviceDialog open={open === "device"} onClose={close} />
      </MountWhenOpened>
    </>
  );
}
