/** A table's column headers, in order: the header cells every table of the UI writes the same way. */
export function ColumnHeads({
  names,
  className,
}: {
  /** A name, or a name with the tooltip that says what the column holds. */
  names: readonly (string | readonly [string, string?])[];
  className?: string;
}) {
  return (
    <>
      {names.map((n) => {
        const [label, title] = typeof n === "string" ? [n, undefined] : n;
        return (
          <th key={label} scope="col" className={className} title={title}>
            {label}
          </th>
        );
      })}
    </>
  );
}
