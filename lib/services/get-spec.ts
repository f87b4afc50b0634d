import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { badRequest, notFound } from "@/lib/server/errors";
import { findFleet } from "./find-fleet";

export async function getSpec(db: Db, fleetName: string, version?: number) {
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badRequest("version must be a positive integer.");
  const fleet = await findFleet(db, fleetName);
  const where = version === undefined ? eq(specs.fleetId, fleet.id) : and(eq(specs.fleetId, fleet.id), eq(specs.version, version));
  const [row] = await db.select().from(specs).where(where).orderBy(desc(specs.version)).limit(1);
  if (!row) throw notFound(version ? `Fleet "${fleet.name}" has no spec version ${version}.` : `Fleet "${fleet.name}" has no spec yet; PUT one or capture it from a golden host.`);
  return { fleet: fleet.name, version: row.version, source: row.source, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy, note: row.note, spec: row.body, yaml: row.yaml };
}

export async function listSpecVersions(db: Db, fleetName: string) {
  const fleet = await findFleet(db, fleetName);
  const rows = await db.select({ version: specs.version, source: specs.source, createdAt: specs.createdAt, createdBy: specs.createdBy, note: specs.note, imageDigest: specs.imageDigest, imageTag: specs.imageTag }).from(specs).where(eq(specs.fleetId, fleet.id)).orderBy(desc(specs.version));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
