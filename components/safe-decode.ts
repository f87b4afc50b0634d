/** Route params may arrive percent-encoded; a malformed escape must give a 404, not a 500. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
