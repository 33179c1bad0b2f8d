/** A register or message shown bit by bit: field, bits, value, what it means. */

import type { BitField } from "../../kernel/arch/x86/bitfield";
import { ColumnHeads } from "../tables/ColumnHeads";

export function BitTable({
  caption,
  fields,
  testId,
}: {
  caption: string;
  fields: readonly BitField[];
  testId: string;
}) {
  return (
    <table className="bit-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <ColumnHeads names={["field", "bits", "value", "meaning"]} />
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={`${f.name}-${f.bits}`} data-field={f.name}>
            <th scope="row">{f.name}</th>
            <td className="mono">{f.bits}</td>
            <td className="mono">0x{f.value.toString(16)}</td>
            <td>{f.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}
