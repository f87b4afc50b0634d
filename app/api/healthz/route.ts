export const dynamic = "force-dynamic";

// Liveness: this process answers. No database, no auth, nothing imported (README "Operate").
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
