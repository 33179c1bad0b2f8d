/** One device's message stores, slot by slot: raw register words, the decoded message, mask, pending, irq. */

import { useState } from "react";
import type { StoreTable } from "../../sim/device-store";
import { GLOSSARY } from "../glossary/glossary";
import { Term } from "../glossary/Term";
import { useIrqStore } from "../store-context";
import { ColumnHeads } from "./ColumnHeads";
import { IrqLink } from "./IrqLink";
import { useWorkerQuery } from "./useWorkerQuery";

const hex8 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;

function StoreTableView({ t, selected }: { t: StoreTable; selected: number | undefined }) {
  const select = useIrqStore((s) => s.select);
  return (
    <section className="tbl-store" data-testid={`store-${t.kind}`}>
      <h3>{t.title}</h3>
      <p className="muted tbl-state">{t.state}</p>
      {t.pba ? (
        <p className="mono tbl-state" data-testid="msix-pba">
          PBA: {t.pba.map((q, i) => `qword ${i} = ${q}`).join(" · ")}
        </p>
      ) : null}
      {t.rows.length === 0 ? (
        <p className="empty">No slots in use.</p>
      ) : (
        <table className="tbl-table">
          <thead>
            <tr>
              <th scope="col">slot</th>
              <ColumnHeads names={t.columns} className="mono" />
              <ColumnHeads
                names={[
                  ...(t.hasPending ? [["pending", GLOSSARY["pba-pending"]] as const] : []),
                  ["decoded"],
                  ["masked", GLOSSARY.masked],
                  ["irq"],
                  ["note"],
                ]}
              />
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r) => (
              <tr
                key={r.slot}
                className={[r.irq >= 0 ? "tbl-owned" : "", r.irq >= 0 && r.irq === selected ? "selected" : ""]
                  .filter(Boolean)
                  .join(" ")}
                data-testid={`store-${t.kind}-slot-${r.slot}`}
                onClick={r.irq >= 0 ? () => void select({ kind: "irq", irq: r.irq }) : undefined}
              >
                <th scope="row">{r.slot}</th>
                {r.raw.map((w, i) => (
                  <td key={t.columns[i] ?? i} className="mono">
                    {t.columns[i] === "mask bit" ? w : hex8(w)}
                  </td>
                ))}
                {t.hasPending ? <td>{r.pending ? "1" : "0"}</td> : null}
                <td className={`mono format-${r.format}`}>{r.decoded}</td>
                <td>{r.masked ? <Term word="masked" /> : ""}</td>
                <td>{r.irq >= 0 ? <IrqLink irq={r.irq} label={`select irq ${r.irq} (slot ${r.slot})`} /> : null}</td>
                <td className="muted">{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function DeviceStores() {
  const selection = useIrqStore((s) => s.selection);
  const selected = selection?.kind === "irq" ? selection.irq : undefined;
  // Start on the device selected on the canvas, if any; the select list changes it.
  const [chosen, setChosen] = useState<string | undefined>(selection?.kind === "device" ? selection.name : undefined);
  const { data, error, pending } = useWorkerQuery(`stores ${chosen ?? ""}`, (api) => api.deviceStore(chosen ?? ""));
  const devices = data?.devices ?? [];
  const device = chosen !== undefined && devices.includes(chosen) ? chosen : devices[0];
  // The first answer (or one after the device vanished) names the devices: ask again for the first.
  if (data && device !== undefined && device !== chosen) setChosen(device);
  return (
    <div className="tbl-stores" data-testid="device-stores" aria-busy={pending}>
      <div className="tbl-toolbar">
        <label>
          Device{" "}
          <select value={device ?? ""} onChange={(e) => setChosen(e.target.value)} data-testid="store-device">
            {devices.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {error ? <span className="err">{error}</span> : null}
      </div>
      {data && data.device === device
        ? data.stores.map((t) => <StoreTableView key={t.kind} t={t} selected={selected} />)
        : null}
    </div>
  );
}
