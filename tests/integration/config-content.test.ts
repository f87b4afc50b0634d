// Config content on both databases, in-process: which hashes the server asks for, the checked upload stored once
// by sha256, the fleet setting, and the line diff of a changed file against the spec's or a peer's version.
import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog, configContents } from "@/db/schema";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { createUser } from "@/lib/services/create-user";
import { diffConfig } from "@/lib/services/diff-config";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { setFleetPolicy } from "@/lib/services/set-fleet-policy";
import { insertContents, storeContents } from "@/lib/services/store-contents";
import { wantContent } from "@/lib/services/want-content";
import { seedDemo } from "@/lib/demo/seed-demo";
import { DEMO_PHP_INI } from "@/lib/demo/demo-contents";
import type { HostState } from "@/lib/demo/demo-hosts";
import { api, asAgent, uniqueName, type Api } from "./support/api";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { host, report } from "./support/reports";

const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const PHP = "/etc/php/8.2/apache2/php.ini";
const SHIPPED = "[PHP]\nengine = On\n; Maximum amount of memory\nmemory_limit = 128M\nexpose_php = Off\n";
const SHIPPED_BASE = SHIPPED;
const SUDOERS = "Defaults env_reset\n%ops ALL=(ALL) NOPASSWD: ALL\n";
const SUDOERS_BASE = SUDOERS;
const SHADOW = "root:*:19000:0:99999:7:::\n";

/** Puts files with real text into a demo host (their hashes are the sha256 of the text). */
function withFiles(h: HostState, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) h.configs.set(path, { path, type: "file", sha256: sha(text) });
  return h;
}

describe.each(DRIVERS)("config content on %s", (kind) => {
  let t: TestDb;
  let secret: string;
  const stored = async () => Number((await t.db.select({ n: count() }).from(configContents))[0].n);
  const enrolled = async (name: string, files: Record<string, string>) => {
    const { hostKey } = await enrollHost(t.db, null, { secret, hostname: name, machineId: null });
    await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(withFiles(host(name), files)));
    return { key: hostKey, auth: () => authenticateHost(t.db, hostKey) };
  };
  const upload = async (key: string, files: Record<string, string | Buffer>) =>
    storeContents(t.db, await authenticateHost(t.db, key), Object.entries(files).map(([sha256, text]) => ({ sha256, bytes: Buffer.from(text) })));

  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "cc", strategy: "mutable" });
    secret = (await createEnrollSecret(t.db, SYSTEM, "cc")).secret;
  });
  afterAll(async () => t?.close());

  it("asks for the regular files it has no content for, never a private path, and stores an upload once", async () => {
    const a = await enrolled("cc-1", { [PHP]: SHIPPED, "/etc/sudoers.d/ops": SUDOERS, "/etc/shadow": SHADOW });
    const want = await wantContent(t.db, await a.auth(), { fresh: true });
    expect(want).toEqual(expect.arrayContaining([sha(SHIPPED), sha(SUDOERS)]));
    expect(want).not.toContain(sha(SHADOW));
    expect(want.length).toBeLessThanOrEqual(200);
    // Asked once an hour per fingerprint at check-in: the next unchanged check-in costs nothing.
    expect(await wantContent(t.db, await a.auth())).toEqual([]);

    expect(await upload(a.key, { [sha(SHIPPED)]: SHIPPED, [sha(SUDOERS)]: SUDOERS })).toEqual({ stored: 2, known: 0 });
    expect(await upload(a.key, { [sha(SHIPPED)]: SHIPPED })).toEqual({ stored: 0, known: 1 });
    const [row] = await t.db.select().from(configContents).where(eq(configContents.sha256, sha(SHIPPED)));
    expect(row).toMatchObject({ content: SHIPPED, size: SHIPPED.length });
    expect(await wantContent(t.db, await a.auth(), { fresh: true })).not.toContain(sha(SHIPPED));
  });

  it("knows content stored by any writer of this process (the demo's, say), not only uploads", async () => {
    const text = `written beside the uploads on ${kind}\n`;
    const a = await enrolled("cc-beside", { "/etc/beside.conf": text });
    expect(await wantContent(t.db, await a.auth(), { fresh: true })).toContain(sha(text));
    expect(await insertContents(t.db, [{ sha256: sha(text), content: text, size: text.length }])).toBe(1);
    expect(await wantContent(t.db, await a.auth(), { fresh: true })).not.toContain(sha(text));
    // And a host whose file is new to the server is asked for it at once (on the embedded database, without a lookup).
    const b = await enrolled("cc-beside-2", { "/etc/beside.conf": `${text}changed\n` });
    expect(await wantContent(t.db, await b.auth())).toContain(sha(`${text}changed\n`));
  });

  it("asks for a long list 200 at a time, in asking order, the rest once those are stored", async () => {
    const texts = Array.from({ length: 250 }, (_, i) => `long ${i} = ${kind}\n`);
    // Site files of their own (rank 1, in path order); one hand-edited packaged file comes first.
    const files = Object.fromEntries(texts.map((t, i) => [`/etc/long/f${String(i).padStart(3, "0")}.conf`, t]));
    const h = host("cc-long");
    h.configs.clear();
    withFiles(h, files);
    h.configs.set("/etc/long/zz-edited.conf", { path: "/etc/long/zz-edited.conf", type: "file", sha256: sha("edited\n"), package: "p", modified: true });
    const { hostKey } = await enrollHost(t.db, null, { secret, hostname: "cc-long", machineId: null });
    await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(h));
    const first = await wantContent(t.db, await authenticateHost(t.db, hostKey), { fresh: true });
    expect(first).toEqual([sha("edited\n"), ...texts.slice(0, 199).map(sha)]);
    expect(await upload(hostKey, Object.fromEntries(texts.slice(0, 199).map((t) => [sha(t), t])))).toEqual({ stored: 199, known: 0 });
    // Stored content is not asked again; the rest of the list comes next, without waiting for the hour.
    const rest = await wantContent(t.db, await authenticateHost(t.db, hostKey));
    expect(rest).toEqual([sha("edited\n"), ...texts.slice(199).map(sha)]);
    expect(await upload(hostKey, { ...Object.fromEntries(texts.slice(199).map((t) => [sha(t), t])), [sha("edited\n")]: "edited\n" })).toEqual({ stored: 52, known: 0 });
    expect(await wantContent(t.db, await authenticateHost(t.db, hostKey))).toEqual([]);
  });

  it("refuses a mismatched, oversized, binary, private or unknown file with 4xx, storing nothing of the request", async () => {
    const big = `${"x".repeat(64 * 1024)}\n`;
    const b = await enrolled("cc-2", { "/etc/app/big.conf": big, "/etc/app/bin.conf": "a\0b", "/etc/app/tls.conf": "-----BEGIN RSA PRIVATE KEY-----\n", "/etc/shadow": SHADOW, "/etc/app/ok.conf": "ok = 1\n" });
    const before = await stored();
    const ok = { [sha("ok = 1\n")]: "ok = 1\n" };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...ok, [sha("other")]: "not what the hash says" }, /has sha256/],
      [{ ...ok, [sha(big)]: big }, /larger than 64 KiB/],
      [{ ...ok, [sha("a\0b")]: "a\0b" }, /NUL/],
      [{ ...ok, [sha("-----BEGIN RSA PRIVATE KEY-----\n")]: "-----BEGIN RSA PRIVATE KEY-----\n" }, /PRIVATE KEY/],
      [{ ...ok, [sha(SHADOW)]: SHADOW }, /never collected/],
      [{ ...ok, [sha("unknown\n")]: "unknown\n" }, /No regular file of this host's current fingerprint/],
    ];
    for (const [files, message] of cases) {
      const e = await upload(b.key, files).catch((x) => x);
      expect(e.status, String(message)).toBe(400);
      expect(e.message).toMatch(message);
      expect(e.message).toMatch(/Nothing was stored/);
    }
    expect(await stored()).toBe(before);
  });

  it("a fleet that does not collect content asks for nothing and refuses uploads (setting audited)", async () => {
    await createFleet(t.db, SYSTEM, { name: "cc-off", strategy: "mutable" });
    const offSecret = (await createEnrollSecret(t.db, SYSTEM, "cc-off")).secret;
    const u = await createUser(t.db, SYSTEM, { email: "cc-admin@content.test", name: "cc admin", password: "content-password-1", role: "admin" });
    const admin = { userId: u.id, email: u.email, name: u.name, role: "admin" as const, via: "session" as const };
    const r = await setFleetPolicy(t.db, admin, { name: admin.email, ip: null }, "cc-off", { collectContent: false });
    expect(r.policy.collectContent).toBe(false);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.subject, "cc-off"));
    expect(audits.some((x) => x.action === "fleet.policy" && (x.detail as { collectContent?: boolean }).collectContent === false)).toBe(true);
    const { hostKey } = await enrollHost(t.db, null, { secret: offSecret, hostname: "off-1", machineId: null });
    const who = await authenticateHost(t.db, hostKey);
    expect(who.collectContent).toBe(false);
    await ingestFingerprint(t.db, who, report(withFiles(host("off-1"), { [PHP]: "off = 1\n" })));
    const after = await authenticateHost(t.db, hostKey);
    expect(await wantContent(t.db, after, { fresh: true })).toEqual([]);
    const e = await storeContents(t.db, after, [{ sha256: sha("off = 1\n"), bytes: Buffer.from("off = 1\n") }]).catch((x) => x);
    expect(e.status).toBe(409);
    expect(e.message).toMatch(/does not collect/);
  });

  it("diffs a changed file against the spec's version, a peer's, or says the content was never received", async () => {
    // Texts of their own: the first tests stored SHIPPED already.
    const SHIPPED = "; fleet cd\n" + SHIPPED_BASE;
    const EDITED = SHIPPED.replace("128M", "512M");
    const SUDOERS = "; fleet cd\n" + SUDOERS_BASE;
    await createFleet(t.db, SYSTEM, { name: "cd", strategy: "immutable" });
    secret = (await createEnrollSecret(t.db, SYSTEM, "cd")).secret;
    const golden = await enrolled("cd-1", { [PHP]: SHIPPED, "/etc/sudoers.d/ops": SUDOERS });
    await captureSpec(t.db, SYSTEM, "cd", "cd-1");
    const edited = await enrolled("cd-2", { [PHP]: EDITED, "/etc/sudoers.d/ops": `${SUDOERS}deploy ALL=(ALL) ALL\n` });
    // Nothing received yet: it says so, for the host's side first.
    const none = await diffConfig(t.db, "cd-2", "cd", PHP);
    expect(none.diff).toBeNull();
    expect(none.reference).toMatchObject({ kind: "spec", label: "spec v1", received: false });
    expect(none.summary).toMatch(/never received this file's content/);

    await upload(golden.key, { [sha(SHIPPED)]: SHIPPED, [sha(SUDOERS)]: SUDOERS });
    await upload(edited.key, { [sha(EDITED)]: EDITED });
    const d = await diffConfig(t.db, "cd-2", "cd", PHP);
    expect(d.summary).toBe("memory_limit = 128M → 512M");
    expect(d.reference).toMatchObject({ kind: "spec", sha256: sha(SHIPPED), received: true });
    expect(d.host).toMatchObject({ kind: "host", label: "cd-2", sha256: sha(EDITED), received: true });
    expect(d.diff).toMatchObject({ kind: "diff", added: 1, removed: 1 });
    if (d.diff?.kind !== "diff") throw new Error("no diff");
    expect(d.diff.hunks[0].lines.filter((l) => l.op !== " ")).toEqual([
      { op: "-", text: "memory_limit = 128M" },
      { op: "+", text: "memory_limit = 512M" },
    ]);
    // Against another host, and the host's own side missing.
    expect((await diffConfig(t.db, "cd-1", "cd", PHP, "host:cd-2")).summary).toBe("memory_limit = 512M → 128M");
    const sudo = await diffConfig(t.db, "cd-2", "cd", "/etc/sudoers.d/ops");
    expect(sudo.host.received).toBe(false);
    expect(sudo.summary).toMatch(/cd-2's version: the server never received/);
    await expect(diffConfig(t.db, "cd-2", "cd", "/etc/nope.conf")).rejects.toMatchObject({ status: 404 });
  });
});

describe.each(DRIVERS)("the demo's hand-edited php.ini on %s", (kind) => {
  it("shows a real line diff against the spec", async () => {
    const t = await openTestDb(kind);
    try {
      await seedDemo(t.db, { now: new Date("2026-11-26T12:00:00Z") });
      const d = await diffConfig(t.db, "web-17", "web-mutable", DEMO_PHP_INI);
      expect(d.reference?.kind).toBe("spec");
      expect(d.summary).toBe("memory_limit = 128M → 1G");
      // Other edited files' content was never received: said, not hidden.
      const apache = await diffConfig(t.db, "web-22", "web-mutable", "/etc/apache2/apache2.conf");
      expect(apache.diff).toBeNull();
      expect(apache.summary).toMatch(/never received/);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe.each(inject("servers"))("config content over HTTP on $kind", ({ url }) => {
  const a: Api = api(url);
  let fleet: string;
  let secret: string;
  const TEXT = "[PHP]\nmemory_limit = 128M\n; http\n";
  const EDIT = TEXT.replace("128M", "512M");

  beforeAll(async () => {
    fleet = uniqueName("cch");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
  });

  const enrollAndReport = async (name: string, text: string) => {
    // As the agent: a busy server (CI runs suites side by side) may answer 503 for a moment.
    const key = (await asAgent(() => a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null }))).json.hostKey as string;
    const sent = await asAgent(() => a.call("POST", "/api/v1/fingerprints", report(withFiles(host(name), { [PHP]: text })), { token: key }));
    expect(sent.status).toBe(202);
    return { key, sent };
  };

  it("answers wantContent, takes the upload once, refuses bad files, and serves the line diff", async () => {
    const one = await enrollAndReport("cch-1", TEXT);
    expect(one.sent.json.wantContent).toContain(sha(TEXT));
    const up = (key: string, contents: unknown) => a.call("POST", "/api/v1/contents", { contents }, { token: key });
    const bad = await up(one.key, [{ sha256: sha(TEXT), base64: Buffer.from("something else").toString("base64") }]);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/Nothing was stored/);
    expect((await up(one.key, [{ sha256: sha(TEXT), base64: Buffer.from(TEXT).toString("base64") }])).json).toEqual({ stored: 1, known: 0 });
    expect((await up(one.key, [{ sha256: sha(TEXT), text: TEXT }])).json).toEqual({ stored: 0, known: 1 });
    expect((await up(one.key, [{ sha256: "nothex", text: TEXT }])).status).toBe(400);
    expect((await a.call("POST", "/api/v1/contents", { contents: [] }, { token: "hk_unknown" })).status).toBe(401);

    const two = await enrollAndReport("cch-2", EDIT);
    expect(two.sent.json.wantContent).toEqual(expect.arrayContaining([sha(EDIT)]));
    expect(two.sent.json.wantContent).not.toContain(sha(TEXT));
    await up(two.key, [{ sha256: sha(EDIT), text: EDIT }]);
    const d = await a.call("GET", `/api/v1/hosts/cch-2/configs/diff?fleet=${fleet}&path=${encodeURIComponent(PHP)}&against=host:cch-1`);
    expect(d.status).toBe(200);
    expect(d.json.summary).toBe("memory_limit = 128M → 512M");
    const missing = await a.call("GET", `/api/v1/hosts/cch-2/configs/diff?fleet=${fleet}`);
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/path/);
  });

  it("asks nothing and refuses uploads once the fleet stops collecting content", async () => {
    expect((await a.call("PUT", `/api/v1/fleets/${fleet}/policy`, { collectContent: false })).status).toBe(200);
    const three = await enrollAndReport("cch-3", "[PHP]\n; three\n");
    expect(three.sent.json.wantContent).toBeUndefined();
    const r = await a.call("POST", "/api/v1/contents", { contents: [{ sha256: sha("[PHP]\n; three\n"), text: "[PHP]\n; three\n" }] }, { token: three.key });
    expect(r.status).toBe(409);
  });
});
