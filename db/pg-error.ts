/** PostgreSQL's SQLSTATE of a failed query, whichever driver threw it (postgres-js sets `code`, drizzle wraps in `cause`). */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/** A unique index refused the write (a racing writer took the name first). */
export const isUniqueViolation = (e: unknown) => pgCode(e) === "23505";
