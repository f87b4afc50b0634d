// The setting of the in-process alert suites: fleet "web" of six clean hosts with a spec, a generic channel
// "ops-hook" to a local receiver that checks signatures, and a fake Slack incoming webhook. Time is simulated a
// day ahead, so the real clock of worker.drain() never sends what a test is still waiting for.
import { eq } from "drizzle-orm";
import { alertDeliveries } from "@/db/schema";
import { createChannelSchema } from "@/lib/server/alert-schemas";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createAlertChannel } from "@/lib/services/create-alert-channel";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { deliverAlerts } from "@/lib/services/deliver-alerts";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { startSlackWebhook } from "../../fakes/slack-webhook";
import { startWebhookReceiver } from "../../fakes/webhook-receiver";
import { openTestDb, type DriverKind } from "./databases";
import { EXTRAS, host, install, report } from "./reports";

export const SECRET = "alert-hmac-secret-1";
export const T0 = Date.now() + 86_400_000;
export const at = (s: number) => new Date(T0 + s * 1000);

type HostState = ReturnType<typeof host>;
export const drifted = (h: HostState) => install(h, EXTRAS.debugging);

export async function openAlertFleet(kind: DriverKind) {
  const t = await openTestDb(kind);
  const rx = await startWebhookReceiver({ secret: SECRET });
  const slack = await startSlackWebhook();
  const keys: Record<string, string> = {};
  // random = 0.5: backoff without jitter, so tests can name the exact next attempt.
  // The receivers listen on loopback: outbound requests reach it only because the allow list names it.
  const deps = { env: { ALERT_SECRET: SECRET, SLACK_HOOK_URL: slack.hookUrl, FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" }, random: () => 0.5, baseUrl: "https://fleetprint.test" };

  const f = {
    t,
    rx,
    slack,
    deps,
    hookChannel: 0,
    /** A host reports at simulated time `when`, as built by `change` (clean without one). */
    reportAs: async (hostname: string, when: Date, change?: (h: HostState) => void) => {
      const h = host(hostname);
      change?.(h);
      return ingestFingerprint(t.db, await authenticateHost(t.db, keys[hostname]), report(h), when);
    },
    /** One worker tick of alerting at simulated second `s`. */
    deliver: (s: number) => deliverAlerts(t.db, at(s), deps),
    deliveriesOf: (channelId: number) => t.db.select().from(alertDeliveries).where(eq(alertDeliveries.channelId, channelId)).orderBy(alertDeliveries.id),
    channel: (fleet: string, input: Record<string, unknown>) => createAlertChannel(t.db, SYSTEM, fleet, createChannelSchema.parse(input)),
    enroll: async (fleet: string, names: string[]) => {
      const { secret } = await createEnrollSecret(t.db, SYSTEM, fleet);
      for (const name of names) keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
    },
    close: async () => {
      await rx.close();
      await slack.close();
      await t.close();
    },
  };

  await createFleet(t.db, SYSTEM, { name: "web", strategy: "mutable" });
  const names = ["w1", "w2", "w3", "w4", "w5", "w6"];
  await f.enroll("web", names);
  for (const name of names) await f.reportAs(name, at(0));
  await captureSpec(t.db, SYSTEM, "web", "w1");
  f.hookChannel = (await f.channel("web", { name: "ops-hook", kind: "generic", url: `${rx.url}/hooks/alerts`, secretEnv: "ALERT_SECRET" })).id;
  await f.deliver(1); // the first look at the fleet's snowflakes only records them
  return f;
}

export type AlertFleet = Awaited<ReturnType<typeof openAlertFleet>>;
