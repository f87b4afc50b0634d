import { sql, type SQL } from "drizzle-orm";

/**
 * A JS array as one typed Postgres array parameter, for `unnest(...)` bulk statements (one parameter whatever
 * the length, so the 65,535-parameter cap never applies). Values travel as text and are cast in SQL: both
 * drivers send text[] the same way, while postgres-js mistypes boolean and number arrays.
 */
export function pgArray(values: readonly (string | number | boolean | null)[], type: "text" | "int" | "real" | "boolean" | "timestamptz"): SQL {
  const param = sql.param(values.map((v) => (v === null ? null : String(v))));
  return type === "text" ? sql`${param}::text[]` : sql`${param}::text[]::${sql.raw(type)}[]`;
}
