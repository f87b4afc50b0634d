import { count } from "drizzle-orm";
import { getDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { getAdminToken } from "./admin-token";

export async function bootstrap() {
  const db = await getDb(); // migrates
  getAdminToken(); // generates and prints one on first start
  if (process.env.FLEETPRINT_DEMO === "0") return;
  const [{ n }] = await db.select({ n: count() }).from(fleets);
  if (Number(n) > 0) return;
  const started = Date.now();
  console.log("[fleetprint] Empty database: seeding the demo fleet (FLEETPRINT_DEMO=0 to skip)…");
  const { seedDemo } = await import("@/lib/demo/seed-demo");
  const summary = await seedDemo(db, { now: new Date() });
  console.log(`[fleetprint] Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
}
