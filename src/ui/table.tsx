export interface TableColumn {
  label: string;
  /** Right-aligned number column (amounts). */
  numeric?: boolean;
}

/** The header row of a KERN table: one `th scope="col"` per column. */
export function TableHead({ columns }: { columns: (string | TableColumn)[] }) {
  return (
    <thead>
      <tr class="kern-table__row">
        {columns.map((column) => {
          const { label, numeric } = typeof column === 'string' ? { label: column, numeric: false } : column;
          return (
            <th scope="col" class={numeric ? 'kern-table__header kern-table__header--numeric' : 'kern-table__header'}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
