/** A register or message shown bit by bit: field, bits, value, what it means. */
import type { BitField } from "../../kernel/arch/x86/bitfield";

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
          <th scope="col">field</th>
          <th scope="col">bits</th>
          <th scope="col">value</th>
          <th scope="col">meaning</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={`${f.name}-${f.bits}`}>
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
