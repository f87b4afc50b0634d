// Reads CSV as RFC 4180 writes it (quoted cells, doubled quotes, CRLF line ends): the tests read back what
// lib/core/csv.ts and the exports write, so a cell reads back as what was meant, whatever it holds.

/** Rows of cells; every row must end with CRLF (a last row without one is not returned). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    }
    else cell += c;
  }
  return rows;
}
