// Two app instances (two connection pools, two workers) against one PostgreSQL: every job runs exactly once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { startWorker } from "@/lib/jobs/worker";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getRebuild } from "@/lib/services/get-rebuild";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { createScratchDb } from "./support/pg";
import { EXTRAS, host, install, report } from "./support/reports";

const HOSTS = 24;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fp-multi-"));
const log = path.join(work, "invocations.log");
const script = path.join(work, "rebuild.sh");
// Slow enough that both workers are busy at once.
fs.writeFileSync(script, '#!/bin/sh\nsleep 0.2\necho "$1" >> "$INVOCATIONS"\n', { mode: 0o755 });

let scratch: Awaited<ReturnType<typeof createScratchDb>>;
let a: Awaited<ReturnType<typeof openDb>>;
let b: Awaited<ReturnType<typeof openDb>>;

beforeAll(async () => {
  scratch = await createScratchDb("fp_multi");
  a = await openDb({ kind: "postgres", url: scratch.url });
  b = await openDb({ kind: "postgres", url: scratch.url });
  await createFleet(a.db, SYSTEM, { name: "web", strategy: "immutable" });
  const { secret } = await createEnrollSecret(a.db, SYSTEM, "web");
  for (let i = 0; i < HOSTS; i++) {
    const { hostKey } = await enrollHost(a.db, null, { secret, hostname: `h${i}`, machineId: null });
    const h = host(`h${i}`);
    if (i > 0) install(h, EXTRAS.redis);
    await ingestFingerprint(a.db, await authenticateHost(a.db, hostKey), report(h));
  }
  await captureSpec(a.db, SYSTEM, "web", "h0");
  await a.db
    .update(fleets)
    .set({ batchSize: HOSTS, canary: false, provider: { kind: "command", argv: ["/bin/sh", script, "{hostname}"], timeoutSeconds: 30, passEnv: ["INVOCATIONS"] } })
    .where(eq(fleets.name, "web"));
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await scratch?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

it("two instances never execute the same job twice", async () => {
  const olivia = { userId: "olivia", email: "olivia@x", name: "olivia", role: "operator" as const, via: "session" as const };
  const alice = { ...olivia, userId: "alice", email: "alice@x", name: "alice", role: "approver" as const };
  const names = Array.from({ length: HOSTS - 1 }, (_, i) => `h${i + 1}`);
  const r = await requestRebuild(a.db, olivia, SYSTEM, { hosts: names, reason: "multi-instance" });
  await approveRebuild(b.db, alice, SYSTEM, r.id, null);
  const env = { ...process.env, INVOCATIONS: log };
  const w1 = startWorker(a.db, { env, concurrency: 4 }, false);
  const w2 = startWorker(b.db, { env, concurrency: 4 }, false);
  const [n1, n2] = await Promise.all([w1.drain(), w2.drain()]);
  await Promise.all([w1.stop(), w2.stop()]);
  const ran = fs.readFileSync(log, "utf8").trim().split("\n");
  expect(ran.sort()).toEqual([...names].sort());
  expect(n1 + n2).toBe(names.length);
  expect(n1).toBeGreaterThan(0);
  expect(n2).toBeGreaterThan(0);
  const d = await getRebuild(a.db, r.id);
  expect(d.hosts.every((h) => h.status === "verifying")).toBe(true);
});
