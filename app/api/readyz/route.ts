import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

// Readiness: database reachable, migrations applied, worker running; up or down, never why (README "Operate").
export async function GET() {
  const r = await readiness();
  return Response.json(r.body, { status: r.status, headers: { "cache-control": "no-store" } });
}
