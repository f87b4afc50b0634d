// Images as the spec (issue 10), in-process on both drivers: an image's fingerprint uploaded as the agent prints it
// (a real `--root DIR --print` report of a small tree, plus its `image` field), published as the fleet's next spec
// version, hosts running it with zero drift and a file changed after boot as drift; the archive path streamed to a
// private temp folder and bounded.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, specs } from "@/db/schema";
import type { AgentReport } from "@/lib/core/types";
import { parseReport } from "@/lib/core/parse-report";
import { AppError } from "@/lib/server/errors";
import { withUploadedImage } from "@/lib/server/image-upload";
import { SYSTEM } from "@/lib/services/audit";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportImages } from "@/lib/services/export-images";
import { fingerprintImageFile } from "@/lib/services/fingerprint-image-file";
import { getHostDrift } from "@/lib/services/get-host-drift";
import { listSpecVersions } from "@/lib/services/get-spec";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listImages } from "@/lib/services/list-images";
import { publishImageSpec } from "@/lib/services/publish-image-spec";
import { uploadImage } from "@/lib/services/upload-image";
import { buildFakeRoot, runAgent, tempDir } from "@/agent/test-support";
import { demoImageDigest } from "@/lib/demo/demo-images";
import { DEMO_COLLECTOR_ERROR, DEMO_COLLECTOR_ERROR_HOST } from "@/lib/demo/demo-collector-errors";
import { seedDemo } from "@/lib/demo/seed-demo";
import { getHost } from "@/lib/services/get-host";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

const DIGEST = `sha256:${"1a".repeat(32)}`;
const OTHER = `sha256:${"2b".repeat(32)}`;
const CI = { name: "ci@images.test", ip: null };

let root = "";
let outside = "";
let imageReport: AgentReport;

beforeAll(async () => {
  outside = tempDir("outside");
  root = buildFakeRoot(outside);
  const run = await runAgent(["--root", root, "--hostname", "image", "--print"]);
  expect(run.code, run.stderr).toBe(0);
  const parsed = parseReport({ ...JSON.parse(run.stdout), image: { digest: DIGEST, tag: "registry.test/web:1", format: "oci" } });
  if (!parsed.ok) throw new Error(parsed.error);
  imageReport = parsed.report;
});
afterAll(() => {
  for (const dir of [root, outside]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The report a host booted from the image sends: same tree, its own name and kernel. */
const hostReport = (hostname: string, change?: (r: AgentReport) => void): AgentReport => {
  const r = structuredClone(imageReport);
  delete r.image;
  r.hostname = hostname;
  r.os = { ...r.os, kernel: "6.1.0-28-amd64" };
  change?.(r);
  return r;
};

describe.each(DRIVERS)("images on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "imm", strategy: "immutable" });
    await createFleet(t.db, SYSTEM, { name: "other", strategy: "mutable" });
  });
  afterAll(async () => t?.close());

  it("stores an image once per digest: 201 new, the stored one again, 409 for another fingerprint under the same digest", async () => {
    const first = await uploadImage(t.db, CI, { fleet: "imm", report: imageReport, publish: false });
    expect(first).toMatchObject({ created: true, digest: DIGEST, tag: "registry.test/web:1", format: "oci", fleet: "imm", specVersion: null });
    expect(first.packages).toBe(imageReport.packages.length);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = await uploadImage(t.db, CI, { fleet: "imm", report: imageReport, tag: "registry.test/web:again", publish: false });
    expect(again).toMatchObject({ created: false, fingerprint: first.fingerprint, tag: "registry.test/web:1" });
    const forged = structuredClone(imageReport);
    forged.packages = forged.packages.slice(1);
    await expect(uploadImage(t.db, CI, { fleet: "imm", report: forged, publish: false })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/uploaded before with fingerprint/) });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "image.upload"));
    expect(audit.map((a) => [a.actor, a.subject, (a.detail as { digest: string }).digest])).toEqual([[CI.name, "imm", DIGEST]]);
  });

  it("refuses a report without an image field, and an unknown fleet, storing nothing", async () => {
    await expect(uploadImage(t.db, CI, { fleet: "imm", report: hostReport("x"), publish: false })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/names no image.*--image FILE\.tar --print/) });
    await expect(uploadImage(t.db, CI, { fleet: "nope", report: { ...imageReport, image: { ...imageReport.image!, digest: OTHER } }, publish: false })).rejects.toMatchObject({ code: "not_found" });
    expect((await listImages(t.db, {})).images.map((i) => i.digest)).toEqual([DIGEST]);
  });

  it("publishes the image as the next spec version: hosts running it show no drift, a file changed after boot does", async () => {
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "imm");
    for (const name of ["imm-1", "imm-2"]) {
      const { hostKey } = await enrollHost(t.db, null, { secret, hostname: name, machineId: null });
      const who = await authenticateHost(t.db, hostKey);
      const changed = name === "imm-2" ? (r: AgentReport) => void (r.configs.find((c) => c.path === "/etc/php/8.2/apache2/php.ini")!.sha256 = "e".repeat(64)) : undefined;
      await ingestFingerprint(t.db, who, hostReport(name, changed));
    }
    const published = await uploadImage(t.db, CI, { fleet: "imm", report: imageReport, publish: true, note: "build 42" });
    expect(published).toMatchObject({ created: false, specVersion: 1 });
    const [version] = await listSpecVersions(t.db, "imm");
    expect(version).toMatchObject({ version: 1, source: `image:${DIGEST}`, imageDigest: DIGEST, imageTag: "registry.test/web:1", note: "build 42", createdBy: CI.name });
    const [row] = await t.db.select({ yaml: specs.yaml }).from(specs);
    expect(row.yaml.split("\n")[0]).toBe("# Fleetprint spec for fleet imm, version 1, captured from registry.test/web:1 (sha256:1a1a1a1a1a1a) on " + new Date().toISOString().slice(0, 10));
    expect((await getHostDrift(t.db, "imm-1", "imm")).items).toEqual([]);
    const drift = (await getHostDrift(t.db, "imm-2", "imm")).items;
    expect(drift.map((i) => [i.kind, i.subject])).toEqual([["config-changed", "/etc/php/8.2/apache2/php.ini"]]);
  });

  it("publishes once per digest: a CI re-run answers the current version; another fleet gets its own", async () => {
    const rerun = await uploadImage(t.db, CI, { fleet: "imm", report: imageReport, publish: true });
    expect(rerun.specVersion).toBe(1);
    expect(await listSpecVersions(t.db, "imm")).toHaveLength(1);
    expect(await publishImageSpec(t.db, CI, "other", DIGEST)).toEqual({ version: 1, published: true });
    await expect(publishImageSpec(t.db, CI, "other", OTHER)).rejects.toMatchObject({ code: "not_found", message: expect.stringMatching(/POST it to \/api\/v1\/images/) });
  });

  it("lists images by fleet and text, paged, and exports them as CSV", async () => {
    await uploadImage(t.db, CI, { fleet: "other", report: { ...imageReport, packages: imageReport.packages.slice(2), image: { digest: OTHER, tag: null, format: "docker-archive" } }, publish: false });
    expect((await listImages(t.db, { fleet: "imm" })).images.map((i) => i.digest)).toEqual([DIGEST]);
    expect((await listImages(t.db, { q: "web:1" })).images.map((i) => i.digest)).toEqual([DIGEST]);
    const page = await listImages(t.db, { limit: 1 });
    expect([page.total, page.images.length, page.images[0].digest]).toEqual([2, 1, OTHER]);
    expect((await listImages(t.db, { limit: 1, offset: 1 })).images[0]).toMatchObject({ digest: DIGEST, fleet: "imm", format: "oci", uploadedBy: CI.name });
    await expect(listImages(t.db, { fleet: "nope" })).rejects.toMatchObject({ code: "not_found" });
    let csv = "";
    for await (const chunk of await exportImages(t.db, { fleet: "other" })) csv += new TextDecoder("utf-8", { ignoreBOM: true }).decode(chunk);
    expect(csv.split("\r\n").filter(Boolean)).toEqual(["\uFEFFdigest,tag,format,fingerprint,fleet,uploaded_by,created_at", expect.stringMatching(new RegExp(`^${OTHER},,docker-archive,[0-9a-f]{64},other,ci@images.test,`))]);
  });

  it("seeds the demo's immutable fleet as images: each captured version shows a digest derived from its fingerprint", async () => {
    await seedDemo(t.db, { now: new Date("2026-11-26T12:00:00Z") });
    const versions = await listSpecVersions(t.db, "web-immutable");
    const fromImages = versions.filter((v) => v.imageDigest);
    expect(fromImages.length).toBeGreaterThanOrEqual(2);
    for (const v of fromImages) expect([v.source, v.imageTag]).toEqual([`image:${v.imageDigest}`, expect.stringMatching(/^registry\.demo\.fleetprint\/web:\d{4}-\d{2}-\d{2}$/)]);
    const listed = await listImages(t.db, { fleet: "web-immutable" });
    expect(listed.images.map((i) => i.digest).sort()).toEqual([...new Set(fromImages.map((v) => v.imageDigest))].sort());
    for (const im of listed.images) expect(im.digest).toBe(demoImageDigest(im.fingerprint));
    expect((await listSpecVersions(t.db, "web-mutable")).filter((v) => v.imageDigest)).toEqual([]);
    // One host of the mutable fleet shows a collector error on its page (issue 10's rpm example).
    expect((await getHost(t.db, DEMO_COLLECTOR_ERROR_HOST, "web-mutable")).host.collectorErrors).toEqual([DEMO_COLLECTOR_ERROR]);
  }, 300_000); // four months of two fleets, through the real services
});

const streamOf = (buf: Buffer) => new Blob([new Uint8Array(buf)]).stream();

describe("an archive upload on its way to the agent", () => {
  it("lands in a private temp folder (0700, file 0600) that is gone afterwards, whatever the outcome", async () => {
    let seen = "";
    const size = await withUploadedImage(streamOf(Buffer.alloc(3000, 7)), null, 4096, async (file) => {
      seen = file;
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(path.dirname(path.dirname(file))).toBe(os.tmpdir());
      return fs.statSync(file).size;
    });
    expect(size).toBe(3000);
    expect(fs.existsSync(path.dirname(seen))).toBe(false);
    await expect(withUploadedImage(streamOf(Buffer.alloc(10)), null, 4096, async (file) => ((seen = file), Promise.reject(new Error("agent broke"))))).rejects.toThrow("agent broke");
    expect(fs.existsSync(path.dirname(seen))).toBe(false);
  });

  it("answers 413 past the limit, counted after gunzip (a small bomb is stopped too), and 400 for bad gzip or no body", async () => {
    const over = withUploadedImage(streamOf(Buffer.alloc(5000)), null, 4096, async () => "read");
    await expect(over).rejects.toMatchObject({ code: "payload_too_large", message: expect.stringMatching(/4 KiB limit of \/api\/v1\/images \(FLEETPRINT_IMAGE_MAX_BYTES/) });
    const { gzipSync } = await import("node:zlib");
    const bomb = gzipSync(Buffer.alloc(1024 * 1024));
    expect(bomb.length).toBeLessThan(4096);
    await expect(withUploadedImage(streamOf(bomb), "gzip", 4096, async () => "read")).rejects.toBeInstanceOf(AppError);
    await expect(withUploadedImage(streamOf(Buffer.from("not gzip")), "gzip", 4096, async () => "read")).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/not valid gzip/) });
    await expect(withUploadedImage(streamOf(Buffer.alloc(0)), null, 4096, async () => "read")).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/empty/) });
    await expect(withUploadedImage(streamOf(Buffer.alloc(1)), "br", 4096, async () => "read")).rejects.toMatchObject({ code: "unsupported_media_type" });
  });
});

// The archive path needs the agent's --image (issue 10 item 1, built beside this on another branch) and umoci + skopeo
// to build real images: until both are here it is skipped, and says why.
const AGENT_HAS_IMAGE = /--image/.test(execFileSync("sh", ["agent/fleetprint-agent.sh", "--help"], { encoding: "utf8" }));
const HAS_TOOLS = ["umoci", "skopeo"].every((tool) => {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
});

describe.skipIf(!AGENT_HAS_IMAGE || !HAS_TOOLS)(`an image archive fingerprinted by the agent (${!AGENT_HAS_IMAGE ? "skipped: agent/fleetprint-agent.sh has no --image yet" : !HAS_TOOLS ? "skipped: apt-get install -y umoci skopeo" : "umoci + skopeo"})`, () => {
  let work = "";
  beforeAll(() => {
    work = tempDir("oci");
    const sh = (cmd: string) => execFileSync("sh", ["-c", cmd], { cwd: work, stdio: "pipe" });
    sh("umoci init --layout L && umoci new --image L:web && umoci unpack --rootless --image L:web B");
    fs.mkdirSync(`${work}/B/rootfs/etc`, { recursive: true });
    fs.writeFileSync(`${work}/B/rootfs/etc/motd`, "built by ci\n");
    sh("umoci repack --image L:web B && tar -C L -cf oci.tar . && skopeo copy oci:L:web docker-archive:docker.tar:registry.test/web:7");
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it.each(["oci.tar", "docker.tar"])("%s: streamed, fingerprinted by the agent, its report carries digest and format", async (name) => {
    const report = await withUploadedImage(Readable.toWeb(fs.createReadStream(`${work}/${name}`)) as ReadableStream<Uint8Array>, null, 64 * 1024 * 1024, (file) => fingerprintImageFile(file));
    expect(report.image?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.image?.format).toBe(name === "oci.tar" ? "oci" : "docker-archive");
    expect(report.configs.find((c) => c.path === "/etc/motd")).toBeTruthy();
  });

  it("reads the platform asked for from a multi-platform archive (linux/amd64 by default) and lists them when none matches", async () => {
    const sh = (cmd: string) => execFileSync("sh", ["-c", cmd], { cwd: work, stdio: "pipe" });
    sh("cp -r L M && umoci new --image M:arm && umoci unpack --rootless --image M:arm A");
    fs.mkdirSync(`${work}/A/rootfs/etc`, { recursive: true });
    fs.writeFileSync(`${work}/A/rootfs/etc/motd`, "arm build\n");
    sh("umoci repack --image M:arm A");
    // An image index as `skopeo copy --all` writes it: index.json names the index blob, which lists the platforms.
    const top = JSON.parse(fs.readFileSync(`${work}/M/index.json`, "utf8")) as { manifests: { mediaType: string; digest: string; size: number; annotations: Record<string, string> }[] };
    const byTag = (tag: string) => top.manifests.find((m) => m.annotations["org.opencontainers.image.ref.name"] === tag)!;
    const strip = ({ annotations: _a, ...m }: (typeof top.manifests)[number]) => m;
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [
      { ...strip(byTag("arm")), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      { ...strip(byTag("web")), platform: { os: "linux", architecture: "amd64" } },
    ] }));
    const hex = createHash("sha256").update(index).digest("hex");
    fs.writeFileSync(`${work}/M/blobs/sha256/${hex}`, index);
    fs.writeFileSync(`${work}/M/index.json`, JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.index.v1+json", digest: `sha256:${hex}`, size: index.length }] }));
    sh("tar -C M -cf multi.tar .");
    const upload = (platform?: string) => withUploadedImage(Readable.toWeb(fs.createReadStream(`${work}/multi.tar`)) as ReadableStream<Uint8Array>, null, 64 * 1024 * 1024, (file) => fingerprintImageFile(file, { platform }));
    const motd = (r: AgentReport) => r.configs.find((c) => c.path === "/etc/motd")?.sha256;
    const amd64 = await upload();
    expect(amd64.image?.digest).toBe(`sha256:${hex}`);
    expect(motd(amd64)).toBe(createHash("sha256").update("built by ci\n").digest("hex"));
    expect(motd(await upload("linux/arm64"))).toBe(createHash("sha256").update("arm build\n").digest("hex"));
    await expect(upload("linux/s390x")).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/no manifest for platform linux\/s390x in the image \(platforms: linux\/arm64\/v8, linux\/amd64\)/) });
  });

  it("answers 400 with the agent's own words for an archive that is not an image", async () => {
    const junk = Buffer.from("this is not a tar archive at all");
    await expect(withUploadedImage(streamOf(junk), null, 4096, (file) => fingerprintImageFile(file))).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/could not be fingerprinted \(agent exit \d+\)/) });
  });
});
