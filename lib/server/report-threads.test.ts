// The parse thread as the production server runs it: its real bundle (scripts/build-report-thread.mjs) in a real
// worker thread, answering exactly what the request thread's read answers, errors included.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "@/lib/core/canonical";
import { contentDigestOf, layoutReport } from "@/lib/core/content-digest";
import { contentOf, readReport } from "./read-report";
import { createReportPool, type ReportPool } from "./report-threads";

const report = JSON.parse(fs.readFileSync(path.join(process.cwd(), "fixtures", "debian-12", "report.json"), "utf8"));
const body = Buffer.from(layoutReport({ ...report, hostname: "thread-1", machineId: "0123456789abcdef" }));
const digest = (() => {
  const d = contentDigestOf(body.toString("utf8"));
  if (!d.ok) throw new Error(d.reason);
  return d.digest;
})();

describe("report parse threads", () => {
  let dir = "";
  let pool: ReportPool;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-thread-"));
    const file = path.join(dir, "thread.cjs");
    execFileSync(process.execPath, ["scripts/build-report-thread.mjs", file], { stdio: "inherit" });
    pool = createReportPool(file, 2);
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads a report (plain or gzip, with its content digest) exactly as the request thread does", async () => {
    const here = await readReport(body, null, digest);
    expect(here.content).toBe(digest);
    // The keys that cross threads turn back into the canonical fingerprint itself.
    expect(contentOf(here).fingerprint).toEqual(identify(report).fingerprint);
    expect(here.hash).toBe(identify(report).hash);
    expect(await pool.read(body, null, digest)).toEqual(here);
    expect(await pool.read(gzipSync(body), "gzip", digest)).toEqual(here);
    // Without the claim, the digest its layout gives (checked by the server itself).
    const many = await Promise.all(Array.from({ length: 8 }, () => pool.read(body, null, null)));
    for (const r of many) expect(r).toEqual(here);
  });

  it("sends no content back for the fingerprint the host carries already, in either thread", async () => {
    const hash = identify(report).hash;
    for (const known of [{ hash, content: null }, { hash, content: digest }]) {
      for (const read of [await readReport(body, null, null, known), await pool.read(body, null, null, known)]) {
        expect(read).toEqual({ hash, packed: null, machineId: "0123456789abcdef", content: digest, collectorErrors: null });
        expect(() => contentOf(read)).toThrow(/without its content/);
      }
    }
    // Another known fingerprint: the content comes as before.
    expect((await pool.read(body, null, null, { hash: "0".repeat(64), content: null })).packed).not.toBeNull();
  });

  it("answers bad bodies with the same error code and message as the request thread", async () => {
    const cases: [Buffer, string | null, string | null][] = [
      [Buffer.from("not gzip"), "gzip", null],
      [Buffer.from([0x7b, 0xff, 0x7d]), null, null],
      [body, null, "0".repeat(64)],
      [Buffer.from('{"schema":1,"hostname":"x"}'), null, null],
      [body, "br", null],
    ];
    for (const [raw, enc, claimed] of cases) {
      const here = await readReport(raw, enc, claimed).catch((e) => e);
      const there = await pool.read(raw, enc, claimed).catch((e) => e);
      expect(there).toMatchObject({ code: here.code, message: here.message });
      expect(here.code).toMatch(/bad_request|unsupported_media_type/);
    }
  });

  it("uses a spare thread only while the request thread is not busy", async () => {
    const file = path.join(dir, "thread.cjs");
    const spare = createReportPool(file, 2, 1);
    try {
      await spare.read(body, null, null); // starts the utilisation sample
      const until = performance.now() + 400;
      while (performance.now() < until); // the request thread busy for the whole sample
      await Promise.all(Array.from({ length: 4 }, () => spare.read(body, null, null)));
      expect(spare.threads().map(Boolean)).toEqual([true, false]);
      await new Promise((r) => setTimeout(r, 400)); // idle
      await Promise.all(Array.from({ length: 4 }, () => spare.read(body, null, null)));
      expect(spare.threads().map(Boolean)).toEqual([true, true]);
    } finally {
      await spare.close();
    }
  });

  it("a thread that dies fails what it held, and the next report starts a new one", async () => {
    // Big enough (~16,000 packages) that the thread is still reading it when it is stopped.
    const packages = Array.from({ length: 20 }, (_, i) => report.packages.map((p: { name: string }) => ({ ...p, name: `${p.name}-${i}` }))).flat();
    const big = Buffer.from(layoutReport({ ...report, hostname: "thread-2", packages }));
    const held = [pool.read(big, null, null), pool.read(big, null, null)].map((h) => h.then(() => "read", (e: Error) => e.message));
    await Promise.all(pool.threads().map((t) => t?.terminate()));
    expect(await Promise.all(held)).toEqual([expect.stringMatching(/report thread/), expect.stringMatching(/report thread/)]);
    const again = await Promise.all([pool.read(body, null, null), pool.read(body, null, null)]);
    expect(again[0].hash).toBe((await readReport(body, null, null)).hash);
    expect(pool.threads().filter(Boolean)).toHaveLength(2);
  });
});
