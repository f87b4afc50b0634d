import fs from "node:fs/promises";
import path from "node:path";

// Served as-is so a host can `curl -fsSL https://fleetprint.example/agent.sh | sh -s -- …` or save it.
export async function GET() {
  const body = await fs.readFile(path.join(process.cwd(), "agent", "fleetprint-agent.sh"), "utf8");
  return new Response(body, {
    headers: { "content-type": "text/x-shellscript; charset=utf-8", "content-disposition": 'inline; filename="fleetprint-agent.sh"' },
  });
}
