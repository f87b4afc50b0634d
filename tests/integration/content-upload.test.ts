// Content-addressed upload over real HTTP on both databases: a report's content digest, checked on a full report,
// lets another host with the same content show the digest at check-in instead of sending its body.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { layoutReport } from "@/lib/core/content-digest";
import { compileGlobs } from "@/lib/core/glob";
import { VOLATILE_PATHS } from "@/lib/core/host-specific";
import { api, uniqueName, type Api } from "./support/api";
import { addFile, host, report } from "./support/reports";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const volatile = compileGlobs(VOLATILE_PATHS);
/**
 * A report as the agent sends it: without the files that differ on every host by construction (/etc/hostname…),
 * laid out per-host fields first; with its two digests, of the whole report (collectedAt nulled) and of the content.
 */
function agentBody(name: string, machineId: string | null = null, extra?: string) {
  const h = host(name);
  if (extra) addFile(h, `/etc/network/interfaces.d/${extra}`, extra);
  const r = report(h);
  const text = layoutReport({ ...r, machineId, configs: r.configs.filter((c) => !volatile(c.path)) });
  return { text, digest: sha(text.replace(/"collectedAt":"[^"]*"/, '"collectedAt":null')), content: sha(text.slice(text.indexOf("\n") + 1)) };
}

describe.each(inject("servers"))("content-addressed upload on $kind", ({ url }) => {
  const a: Api = api(url);
  let fleet: string;
  let secret: string;
  const enroll = async (hostname: string) => (await a.call("POST", "/api/v1/enroll", { secret, hostname }, { token: null })).json.hostKey as string;
  const send = (key: string, b: ReturnType<typeof agentBody>, headers: Record<string, string> = {}, raw: string | Buffer = b.text) =>
    a.call("POST", "/api/v1/fingerprints", undefined, {
      token: key,
      raw,
      headers: { "content-type": "application/json", "x-fleetprint-digest": b.digest, "x-fleetprint-content-digest": b.content, ...headers },
    });
  const checkin = (key: string, body: unknown) => a.call("POST", "/api/v1/checkin", body, { token: key });
  const detail = async (hostname: string) => (await a.call("GET", `/api/v1/hosts/${hostname}?fleet=${fleet}`)).json;

  beforeAll(async () => {
    fleet = uniqueName("cas");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
    secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
  });

  it("a host whose content another host sent is accepted from its digests, recorded as if it had reported", async () => {
    const first = agentBody("cas-1", "aa01");
    const k1 = await enroll("cas-1");
    const sent = await send(k1, first);
    expect(sent.status).toBe(202);

    const second = agentBody("cas-2", "bb02");
    expect(second.content).toBe(first.content);
    expect(second.digest).not.toBe(first.digest);
    const k2 = await enroll("cas-2");
    const r = await checkin(k2, { digest: second.digest, content: second.content, machineId: "bb02" });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: "accepted" });

    const d = await detail("cas-2");
    expect(d.host.fingerprint).toBe(sent.json.fingerprint);
    expect(d.host.machineId).toBe("bb02");
    expect(d.history.filter((e: { event: string }) => e.event === "fingerprint")).toHaveLength(1);
    // Its next run with the same report is an unchanged check-in.
    expect((await checkin(k2, { digest: second.digest, content: second.content })).json).toEqual({ status: "unchanged" });
    const fleets = (await a.call("GET", "/api/v1/fleets")).json.fleets as { name: string; hosts: number; distinctFingerprints: number }[];
    expect(fleets.find((f) => f.name === fleet)).toMatchObject({ hosts: 2, distinctFingerprints: 1 });
  });

  it("an unchanged full report without the header is read from its first line, and still takes what that line says", async () => {
    const own = agentBody("cas-7", "cc07", "cas-7");
    const k7 = await enroll("cas-7");
    const sent = await send(k7, own);
    expect(sent.status).toBe(202);
    // An older agent: the same content again, no content digest header, a new machine id and time on the first line.
    const again = agentBody("cas-7", "cc08", "cas-7");
    const r = await send(k7, again, { "x-fleetprint-content-digest": "" });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ fingerprint: sent.json.fingerprint, changed: false });
    expect((await detail("cas-7")).host.machineId).toBe("cc08");
    // A bad first line is refused as ever, naming the field; a changed content part is read in full.
    const bad = again.text.replace('"hostname":"cas-7"', '"hostname":"cas 7"');
    const refused = await send(k7, again, { "x-fleetprint-content-digest": "" }, bad);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/hostname/);
    const changed = agentBody("cas-7", "cc08", "cas-7b");
    const moved = await send(k7, changed, { "x-fleetprint-content-digest": "" });
    expect(moved.json).toMatchObject({ changed: true });
    expect(moved.json.fingerprint).not.toBe(sent.json.fingerprint);
  });

  it("unknown content asks for the report and changes nothing", async () => {
    const own = agentBody("cas-3", null, "cas-3");
    const k3 = await enroll("cas-3");
    expect((await checkin(k3, { digest: own.digest, content: own.content })).json).toEqual({ status: "report-needed" });
    expect((await detail("cas-3")).host.fingerprint).toBeNull();
    // Sent gzip: the digest is checked on the uncompressed body.
    const sent = await send(k3, own, { "content-encoding": "gzip" }, gzipSync(Buffer.from(own.text)));
    expect(sent.status).toBe(202);
    const twin = agentBody("cas-4", null, "cas-3");
    const k4 = await enroll("cas-4");
    expect((await checkin(k4, { digest: twin.digest, content: twin.content })).json).toEqual({ status: "accepted" });
    expect((await detail("cas-4")).host.fingerprint).toBe(sent.json.fingerprint);
  });

  it("a content digest that does not match the body is refused, stored nowhere and never answered", async () => {
    const k5 = await enroll("cas-5");
    const lie = { ...agentBody("cas-5", null, "cas-5"), content: agentBody("x", null, "something-else").content };
    const r = await send(k5, lie);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/X-Fleetprint-Content-Digest does not match the body/);
    expect((await detail("cas-5")).host.fingerprint).toBeNull();
    const k6 = await enroll("cas-6");
    expect((await checkin(k6, { digest: "f".repeat(64), content: lie.content })).json).toEqual({ status: "report-needed" });

    // A one-line body has no content digest: the header is refused, saying how to lay the report out.
    const oneLine = agentBody("cas-5", null, "cas-5");
    const flat = await send(k5, oneLine, {}, JSON.stringify(JSON.parse(oneLine.text)));
    expect(flat.status).toBe(400);
    expect(flat.json.error.message).toMatch(/one line/);
    // A first line holding content would let the rest not decide the fingerprint.
    const moved = oneLine.text.replace('",\n"os":', '","os":');
    const mixed = await send(k5, { ...oneLine, content: sha(moved.slice(moved.indexOf("\n") + 1)) }, {}, moved);
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.message).toMatch(/also holds os/);
    expect((await detail("cas-5")).host.fingerprint).toBeNull();
  });

  it("refuses malformed check-ins with 400 naming the field", async () => {
    const k = await enroll("cas-7");
    const bad = await checkin(k, { digest: "a".repeat(64), content: "NOT-HEX" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^content: /);
    const none = await checkin(k, {});
    expect(none.status).toBe(400);
    expect(none.json.error.message).toMatch(/digest/);
  });
});
