/** A table's column headers, in order: the header cells every table of the UI writes the same way. */
export function ColumnHeads({ names, className }: { names: readonly string[]; className?: string }) {
  return (
    <>
      {names.map((n) => (
        <th key={n} scope="col" className={className}>
          {n}
        </th>
      ))}
    </>
  );
}
