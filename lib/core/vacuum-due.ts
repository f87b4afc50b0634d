// Which tables the embedded database should vacuum or analyze now: PostgreSQL's autovacuum rule with its default
// settings (autovacuum_vacuum_threshold 50 + scale factor 0.2 of the live rows for dead rows; the insert variant,
// 1,000 + 0.2, so an append-only table gets its visibility map and index-only scans; analyze at 50 + 0.1 of the
// rows changed since the last one). PGlite runs no autovacuum, so the worker applies this rule itself.
// Unlike autovacuum it runs on the one thread that also answers requests, so the content-addressed tables
// (written once, read by key) are left out of the insert and analyze rules: during a herd of new content they
// grow all the time, a vacuum or analyze of them cost ~9% of a 50,000-host herd, and no plan depends on their
// statistics. Dead rows (a deleted fleet's items) still get them vacuumed.

/** Written once per distinct content and looked up by key. */
export const CONTENT_TABLES: ReadonlySet<string> = new Set(["fingerprints", "package_items", "config_items", "content_digests", "config_contents"]);

export interface TableActivity {
  name: string;
  live: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export interface MaintenancePlan {
  /** Vacuumed (with analyze, except the content tables). */
  vacuum: string[];
  /** Analyzed only: enough changed for stale planner statistics, too little dead for a vacuum. */
  analyze: string[];
}

export function maintenanceDue(tables: TableActivity[]): MaintenancePlan {
  const vacuum: string[] = [];
  const analyze: string[] = [];
  for (const t of tables) {
    const live = Math.max(0, t.live);
    const content = CONTENT_TABLES.has(t.name);
    if (t.dead > 50 + 0.2 * live || (!content && t.insertedSinceVacuum > 1000 + 0.2 * live)) vacuum.push(t.name);
    else if (!content && t.modifiedSinceAnalyze > 50 + 0.1 * live) analyze.push(t.name);
  }
  return { vacuum: vacuum.sort(), analyze: analyze.sort() };
}

/** A table name as an SQL identifier (the names come from pg_stat_user_tables, quoted all the same). */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The statements that carry out a plan: the content tables are vacuumed without analyze (see above). */
export function maintenanceStatements(plan: MaintenancePlan): string[] {
  const list = (names: string[]) => names.map(quoteIdent).join(", ");
  const other = plan.vacuum.filter((t) => !CONTENT_TABLES.has(t));
  const content = plan.vacuum.filter((t) => CONTENT_TABLES.has(t));
  return [
    ...(other.length ? [`vacuum (analyze) ${list(other)}`] : []),
    ...(content.length ? [`vacuum ${list(content)}`] : []),
    ...(plan.analyze.length ? [`analyze ${list(plan.analyze)}`] : []),
  ];
}
