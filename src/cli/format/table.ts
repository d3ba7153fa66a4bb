/** A plain text table: columns padded to their widest cell, cells cut to a maximum width. */
export function formatTable(headers: string[], rows: string[][], maxCell = 60): string {
  const cut = (cell: string) => (Array.from(cell).length > maxCell ? `${Array.from(cell).slice(0, maxCell - 1).join('')}…` : cell);
  const all = [headers, ...rows].map((row) => row.map(cut));
  const widths = headers.map((_, col) => Math.max(...all.map((row) => Array.from(row[col] ?? '').length)));
  return all.map((row) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
