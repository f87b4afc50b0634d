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
const started = path.join(work, "started.log");
const release = path.join(work, "release");
const script = path.join(work, "rebuild.sh");
// A barrier instead of a delay: every call says which instance started it, then waits until the test releases
// them. Each instance holds at most `concurrency` (4) of the 23 jobs, so while the barrier is closed the other
// instance must claim some: both run jobs however the scheduler times them.
fs.writeFileSync(
  script,
  '#!/bin/sh\necho "$INSTANCE $1" >> "$STARTED"\nwhile [ ! -e "$RELEASE" ]; do sleep 0.05; done\necho "$INSTANCE $1" >> "$INVOCATIONS"\n',
  { mode: 0o755 },
);
const linesOf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : []);

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
    .set({ batchSize: HOSTS, canary: false, provider: { kind: "command", argv: ["/bin/sh", script, "{hostname}"], timeoutSeconds: 30, passEnv: ["INVOCATIONS", "STARTED", "RELEASE", "INSTANCE"] } })
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
  const env = { ...process.env, INVOCATIONS: log, STARTED: started, RELEASE: release };
  const w1 = startWorker(a.db, { env: { ...env, INSTANCE: "a" }, concurrency: 4 }, false);
  const w2 = startWorker(b.db, { env: { ...env, INSTANCE: "b" }, concurrency: 4 }, false);
  const drained = Promise.all([w1.drain(), w2.drain()]);
  // Open the barrier once each instance is inside a call (a positive signal, not a delay).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const who = new Set(linesOf(started).map((l) => l.split(" ")[0]));
    if (who.has("a") && who.has("b")) break;
    if (Date.now() > deadline) throw new Error(`both instances never ran a job at once: ${linesOf(started).join(", ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  fs.writeFileSync(release, "");
  const [n1, n2] = await drained;
  await Promise.all([w1.stop(), w2.stop()]);
  const ran = linesOf(log);
  // Exactly once each: every host's call ran to its end once, none was started a second time, and each instance
  // counts the jobs it ran.
  expect(ran.map((l) => l.split(" ")[1]).sort()).toEqual([...names].sort());
  expect(linesOf(started).sort()).toEqual([...ran].sort());
  expect([n1, n2]).toEqual([ran.filter((l) => l.startsWith("a ")).length, ran.filter((l) => l.startsWith("b ")).length]);
  expect(n1).toBeGreaterThan(0);
  expect(n2).toBeGreaterThan(0);
  const d = await getRebuild(a.db, r.id);
  expect(d.hosts.map((h) => [h.hostname, h.status]).sort()).toEqual(names.map((n) => [n, "verifying"]).sort());
});
