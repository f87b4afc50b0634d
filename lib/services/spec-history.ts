import "server-only";
// A fleet's spec versions, newest first, loaded a batch at a time and only as far back as the items asked about
// need (most runs end at the current version or the one before). One instance per request or export.
import { and, desc, eq, lte } from "drizzle-orm";
import { specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { differsSince, openItems, specRunStarts, type SpecRunStart, type SpecVersionPoint } from "@/lib/core/spec-since";
import type { DriftItem } from "@/lib/core/types";

/**
 * Versions loaded per query: a spec body can be large. Most runs end at the current version or the one before,
 * so the first load (every host page and drift API call makes it) takes just those two; deeper runs take more.
 */
const FIRST_BATCH = 2;
const BATCH = 8;

type Subject = Pick<DriftItem, "kind" | "subject">;
const subjectKey = (i: Subject) => `${i.kind}\u0000${i.subject}`;

export class SpecHistory {
  private versions: SpecVersionPoint[] = [];
  private exhausted = false;
  private runs = new Map<string, SpecRunStart | null>();

  /** `current`: the fleet's current spec version (drift is computed against it); null without a spec. */
  constructor(
    private readonly db: Db,
    private readonly fleetId: number,
    private readonly current: number | null,
  ) {}

  /** Start of each item's run of versions expecting what the current one expects (memoised per subject). */
  async runStarts(items: readonly Subject[]): Promise<(SpecRunStart | null)[]> {
    if (this.current === null) return items.map(() => null);
    const todo = [...new Map(items.filter((i) => !this.runs.has(subjectKey(i))).map((i) => [subjectKey(i), i])).values()];
    if (todo.length > 0) {
      if (this.versions.length === 0) await this.loadMore();
      let open = todo;
      for (;;) {
        const starts = specRunStarts(this.versions, open);
        open.forEach((i, n) => this.runs.set(subjectKey(i), starts[n]));
        const still = openItems(this.versions, starts).map((n) => open[n]);
        if (still.length === 0 || this.exhausted) break;
        await this.loadMore();
        open = still;
      }
    }
    return items.map((i) => this.runs.get(subjectKey(i)) ?? null);
  }

  /** Differs-since of each item given its carried-since time (see lib/core/spec-since.ts). */
  async differsSince(items: readonly Subject[], carried: readonly (Date | null)[]): Promise<(SpecRunStart | null)[]> {
    const runs = await this.runStarts(items);
    return runs.map((run, i) => differsSince(carried[i] ?? null, run, this.versions));
  }

  private async loadMore(): Promise<void> {
    if (this.exhausted || this.current === null) return;
    const first = this.versions.length === 0;
    const below = first ? this.current : this.versions[this.versions.length - 1].version - 1;
    const limit = first ? FIRST_BATCH : BATCH;
    const rows = await this.db
      .select({ version: specs.version, createdAt: specs.createdAt, spec: specs.body })
      .from(specs)
      .where(and(eq(specs.fleetId, this.fleetId), lte(specs.version, below)))
      .orderBy(desc(specs.version))
      .limit(limit);
    this.versions.push(...rows);
    if (rows.length < limit) this.exhausted = true;
  }
}
