import "server-only";
import { and, desc, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { Db } from "@/db/client";

export interface AuditFilter {
  actor?: string;
  action?: string; // prefix, e.g. "rebuild."
  q?: string; // subject or actor contains
  since?: Date;
  before?: number; // id cursor for paging
  limit?: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.actor) where.push(ilike(auditLog.actor, f.actor));
  if (f.action) where.push(ilike(auditLog.action, `${f.action.replace(/[%_]/g, "\\$&")}%`));
  if (f.q) {
    const like = `%${f.q.replace(/[%_]/g, "\\$&")}%`;
    where.push(or(ilike(auditLog.subject, like), ilike(auditLog.actor, like))!);
  }
  if (f.since) where.push(gte(auditLog.at, f.since));
  if (f.before) where.push(lt(auditLog.id, f.before));
  const rows = await db.select().from(auditLog).where(where.length ? and(...where) : undefined).orderBy(desc(auditLog.id)).limit(Math.min(f.limit ?? 200, 1000));
  return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, detail: r.detail, ip: r.ip }));
}
