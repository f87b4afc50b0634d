import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { dumpDatabase } from "@/lib/services/dump-database";

/** The embedded database as a gzipped tar of its data folder (admins only; `npm run backup` calls it). */
export const GET = route(async (req: Request) => {
  const me = await requireRole(req, "admin");
  const dump = await dumpDatabase(await getDb(), actorOf(me, clientIp(req)));
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return new Response(dump.stream(), {
    headers: {
      "content-type": "application/gzip",
      "content-length": String(dump.size),
      "content-disposition": `attachment; filename="fleetprint-backup-${stamp}.tar.gz"`,
      "cache-control": "no-store",
    },
  });
});
