import { answerMetrics } from "@/lib/server/metrics-endpoint";

// Prometheus text format; FLEETPRINT_METRICS_TOKEN as a bearer token, 404 while none is set (README "Operate").
export async function GET(req: Request) {
  const a = await answerMetrics(req.headers.get("authorization"), "app");
  return new Response(a.body, { status: a.status, headers: a.headers });
}
