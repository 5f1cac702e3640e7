/** Table rows as `[name, row]` pairs for `it.each(...)('%s', ...)`: full names in titles (`$name` is cut at 40 characters). */
export function named<T extends { name: string }>(rows: T[]): [string, T][] {
  return rows.map((row) => [row.name, row]);
}
