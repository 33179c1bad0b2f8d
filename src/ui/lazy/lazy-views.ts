/**
 * Views that only some sessions open (the palette, help, the dialogs, the diagram export) are split
 * out of the first script: the page shows sooner, and they are fetched while the browser is idle
 * after the first render, so opening one is still instant.
 */
import { lazy } from "react";

const loadPalette = () => import("../commands/CommandPalette");
const loadHelp = () => import("../commands/HelpDialog");
const loadAddDevice = () => import("../dialogs/AddDeviceDialog");
const loadMachine = () => import("../dialogs/MachineDialog");
const loadPaste = () => import("../import/PasteDialog");
export const loadExport = () => import("../export/export-diagram");

export const CommandPalette = lazy(() => loadPalette().then((m) => ({ default: m.CommandPalette })));
export const HelpDialog = lazy(() => loadHelp().then((m) => ({ default: m.HelpDialog })));
export const AddDeviceDialog = lazy(() => loadAddDevice().then((m) => ({ default: m.AddDeviceDialog })));
export const MachineDialog = lazy(() => loadMachine().then((m) => ({ default: m.MachineDialog })));
export const PasteDialog = lazy(() => loadPaste().then((m) => ({ default: m.PasteDialog })));

/** Fetches every split view once the page is idle; a failure here is left to the view that needs it. */
export function preloadLazyViews(): void {
  const load = () => {
    for (const f of [loadPalette, loadHelp, loadAddDevice, loadMachine, loadPaste, loadExport])
      f().catch(() => undefined);
  };
  if ("requestIdleCallback" in window) requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}
