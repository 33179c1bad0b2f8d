/** A table's column headers: [label, tooltip?]; an empty label is a hidden header for a button column. */
export function TableHead({ columns }: { columns: readonly (readonly [string, string?])[] }) {
  return (
    <thead>
      <tr>
        {columns.map(([label, title], i) => (
          <th key={label || `col-${i}`} scope="col" title={title}>
            {label || <span className="sr-only">{title}</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
