// `npm run db:migrate`: applies the committed migrations to the configured database and exits.
import { closeDb, getDb } from "@/db/client";

await getDb();
await closeDb();
console.log("[fleetprint] migrations applied");
