/** Per-CPU vector counts as debugfs prints them, with hotplug buttons. */
import { useSim } from "../store";
import { TableHead } from "./TableHead";

export function CpuPanel() {
  const cpus = useSim((s) => s.view?.cpus);
  const apply = useSim((s) => s.apply);
  const ready = useSim((s) => s.status === "ready");
  if (!cpus) return null;
  return (
    <div className="cpu-panel">
      <h2>CPUs</h2>
      <table data-testid="cpu-table">
        <TableHead
          columns={[
            ["CPU"],
            ["avl", "available"],
            ["man", "managed reservations"],
            ["mac", "managed allocated"],
            ["act", "allocated"],
            ["vectors"],
            ["", "hotplug"],
          ]}
        />
        <tbody>
          {cpus.map((c) => (
            <tr key={c.cpu} className={c.online ? "" : "offline"} data-testid={`cpu-row-${c.cpu}`}>
              <th scope="row">{c.cpu}</th>
              <td data-col="avl">{c.avl}</td>
              <td data-col="man">{c.man}</td>
              <td data-col="mac">{c.mac}</td>
              <td data-col="act">{c.act}</td>
              <td className="vectors">{c.online ? c.vectors : "offline"}</td>
              <td>
                <button
                  type="button"
                  disabled={!ready}
                  onClick={() => void apply({ op: c.online ? "cpu_offline" : "cpu_online", cpu: c.cpu })}
                  aria-label={`${c.online ? "Take offline" : "Bring online"} CPU ${c.cpu}`}
                  data-testid={`cpu-toggle-${c.cpu}`}
                >
                  {c.online ? "Offline" : "Online"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
