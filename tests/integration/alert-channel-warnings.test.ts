// Saving an alert channel whose environment variables are not set here (issue 9): saved, with a warning per
// variable, on create and on update; none once the variable is set. In-process on both drivers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/services/audit";
import { createAlertChannel } from "@/lib/services/create-alert-channel";
import { createFleet } from "@/lib/services/create-fleet";
import { listAlertChannels } from "@/lib/services/list-alert-channels";
import { updateAlertChannel } from "@/lib/services/update-alert-channel";
import { parseWith } from "@/lib/server/validate";
import { createChannelSchema } from "@/lib/server/alert-schemas";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

const SIG = "FP_TEST_WARN_SIG";
const HOOK = "FP_TEST_WARN_HOOK";

describe.each(DRIVERS)("alert channel env warnings on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "warn", strategy: "mutable" });
    delete process.env[SIG];
    delete process.env[HOOK];
  });
  afterAll(async () => {
    delete process.env[SIG];
    delete process.env[HOOK];
    await t?.close();
  });

  it("saves a channel whose variables are unset, and says so for each", async () => {
    const input = parseWith(createChannelSchema, { name: "ops", kind: "generic", urlEnv: HOOK, secretEnv: SIG, events: ["host-drifted"], groupSeconds: 60 });
    const c = await createAlertChannel(t.db, SYSTEM, "warn", input);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toContain(HOOK);
    expect(c.warnings[1]).toContain(SIG);
    expect((await listAlertChannels(t.db, "warn")).map((x) => x.name)).toEqual(["ops"]);
  });

  it("warns on update until the variable is set", async () => {
    const [c] = await listAlertChannels(t.db, "warn");
    process.env[HOOK] = "https://hooks.example.com/fp";
    expect((await updateAlertChannel(t.db, SYSTEM, "warn", c.id, { groupSeconds: 120 })).warnings).toEqual([expect.stringContaining(SIG)]);
    process.env[SIG] = "s3cret";
    expect((await updateAlertChannel(t.db, SYSTEM, "warn", c.id, { groupSeconds: 90 })).warnings).toEqual([]);
  });
});
