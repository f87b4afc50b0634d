// Input limits over real HTTP (scripts/server.mjs on the production build), on PGlite and on PostgreSQL: bodies past
// their path's limit are refused before they are read, expensive or unsafe input before it is parsed or stored.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, serverAt, uniqueName, type Api } from "./support/api";
import { PASSWORD } from "./support/people";
import { host, report } from "./support/reports";

const MiB = 1024 * 1024;

interface RawAnswer {
  status?: number;
  json?: any;
  error?: string;
}

/**
 * A POST written piece by piece with node:http: with `length` it declares Content-Length, without it the body is
 * chunked. It reads the answer while still sending, as curl does, so an early 413 is heard.
 */
function rawPost(url: string, path: string, body: { pieces: number; piece: Buffer; length?: number }, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const h = { ...headers, ...(body.length === undefined ? {} : { "content-length": String(body.length) }) };
    const req = http.request(url + path, { method: "POST", headers: h, agent: false }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, json });
      });
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code }));
    let n = 0;
    const write = () => {
      while (n < body.pieces && !req.destroyed) {
        n++;
        if (!req.write(body.piece)) return void req.once("drain", write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}

const once = (b: Buffer | string) => ({ pieces: 1, piece: Buffer.from(b) });
const json = { "content-type": "application/json" };

describe.each(inject("servers"))("input limits on $kind", ({ url }) => {
  const a: Api = api(url);
  const people = serverAt(url).people;
  let fleet: string;
  let secret: string;

  beforeAll(async () => {
    fleet = uniqueName("lim");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
  });

  const enroll = async (hostname: string) => (await a.call("POST", "/api/v1/enroll", { secret, hostname }, { token: null })).json.hostKey as string;
  const stored = async (hostname: string) => {
    const d = (await a.call("GET", `/api/v1/hosts/${hostname}?fleet=${fleet}`)).json;
    return { fingerprint: d.host.fingerprint, reports: d.history.filter((e: { event: string }) => e.event === "fingerprint").length };
  };
  const upAndServing = async () => expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);

  it("sign-in: refuses a body past 8 KiB with 413, declared or chunked, and keeps serving", async () => {
    const headers = { ...json, origin: url };
    const big = JSON.stringify({ email: people.viewer.email, password: "x".repeat(64 * 1024) });
    const declared = await fetch(`${url}/api/auth/sign-in/email`, { method: "POST", headers, body: big });
    expect(declared.status).toBe(413);
    const body = await declared.json();
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toMatch(/8 KiB limit of \/api\/auth/);
    // 32 MiB chunked: counted as it arrives and refused at 8 KiB, nothing of it held.
    const chunked = await rawPost(url, "/api/auth/sign-in/email", { pieces: 512, piece: Buffer.alloc(64 * 1024, 32) }, headers);
    expect(chunked.status).toBe(413);
    expect(chunked.json.error.code).toBe("payload_too_large");
    // 300 MiB declared: answered from the headers, the connection cut after a bounded drain.
    const huge = await rawPost(url, "/api/auth/sign-in/email", { pieces: 4800, piece: Buffer.alloc(64 * 1024, 32), length: 300 * MiB }, headers);
    expect(huge.status).toBe(413);
    await upAndServing();
    // A sign-in within the limit still works, chunked too: the held body reaches better-auth whole.
    const ok = await rawPost(url, "/api/auth/sign-in/email", once(JSON.stringify({ email: people.viewer.email, password: PASSWORD })), headers);
    expect(ok.status).toBe(200);
  });

  it("API routes: a chunked body passes within 1 MiB and is refused past it, changing nothing", async () => {
    const auth = { ...json, authorization: `Bearer ${people.admin.token}` };
    const name = uniqueName("chk");
    const created = await rawPost(url, "/api/v1/fleets", once(JSON.stringify({ name, strategy: "mutable" })), auth);
    expect(created.status).toBe(201);
    const other = uniqueName("big");
    const padded = JSON.stringify({ name: other, strategy: "mutable", pad: "x".repeat(2 * MiB) });
    const refused = await rawPost(url, "/api/v1/fleets", { pieces: 1, piece: Buffer.from(padded) }, auth);
    expect(refused.status).toBe(413);
    expect(refused.json.error.message).toMatch(/1 MiB limit/);
    const fleets = (await a.call("GET", "/api/v1/fleets")).json.fleets.map((f: { name: string }) => f.name);
    expect(fleets).toContain(name);
    expect(fleets).not.toContain(other);
  });

  it("reports: a gzip bomb is refused by its decompressed size, a chunked report past 16 MiB by its size, and nothing is stored", async () => {
    const key = await enroll("lim-bomb");
    const headers = { ...json, authorization: `Bearer ${key}` };
    const bomb = gzipSync(Buffer.alloc(20 * MiB, 32));
    const r = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw: bomb, headers: { ...json, "content-encoding": "gzip" } });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toBe("Decompressed body exceeds 16 MiB; send at most 16 MiB of JSON, compressed or not.");
    const chunked = await rawPost(url, "/api/v1/fingerprints", { pieces: 17 * 16, piece: Buffer.alloc(64 * 1024, 32) }, headers);
    expect(chunked.status).toBe(413);
    expect(chunked.json.error.message).toMatch(/^Report exceeds the 16 MiB limit/);
    expect(await stored("lim-bomb")).toEqual({ fingerprint: null, reports: 0 });
  });

  it("deep nesting is refused with 400 before parsing: a 15 KB gzip of nested arrays, a report, an enrolment", async () => {
    const key = await enroll("lim-deep");
    const nested = gzipSync("[".repeat(7 * MiB) + "]".repeat(7 * MiB));
    expect(nested.length).toBeLessThan(64 * 1024);
    const started = Date.now();
    const r = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw: nested, headers: { ...json, "content-encoding": "gzip" } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/deeper than 16 levels/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const deepReport = { ...report(host("lim-deep")), extra: JSON.parse("[".repeat(40) + "]".repeat(40)) };
    expect((await a.call("POST", "/api/v1/fingerprints", deepReport, { token: key })).status).toBe(400);
    const deepEnroll = `{"secret":"${secret}","hostname":"lim-deep2","x":${"[".repeat(100)}${"]".repeat(100)}}`;
    expect((await a.call("POST", "/api/v1/enroll", undefined, { token: null, raw: deepEnroll, headers: json })).status).toBe(400);
    expect(await stored("lim-deep")).toEqual({ fingerprint: null, reports: 0 });
    expect((await a.call("GET", `/api/v1/hosts/lim-deep2?fleet=${fleet}`)).status).toBe(404);
  });

  it("invalid UTF-8 is refused with 400, never stored as U+FFFD", async () => {
    const key = await enroll("lim-utf8");
    const text = JSON.stringify(report(host("lim-utf8")));
    const at = text.indexOf('"path":"/') + 9;
    const raw = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at))]);
    const r = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw, headers: json });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/not valid UTF-8/);
    expect(await stored("lim-utf8")).toEqual({ fingerprint: null, reports: 0 });
  });

  it("a right-to-left override in a config path is refused with 400 naming the field; escaped names are kept", async () => {
    const key = await enroll("lim-bidi");
    const rep = report(host("lim-bidi"));
    const i = rep.configs.length - 1;
    rep.configs[i] = { ...rep.configs[i], path: "/etc/cron.d/\u202Ehs.exe" };
    const r = await a.call("POST", "/api/v1/fingerprints", rep, { token: key });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(`Report rejected: configs[${i}].path: contains a control or bidirectional character (U+202E)`);
    expect(await stored("lim-bidi")).toEqual({ fingerprint: null, reports: 0 });
    // The agent's escapes (a literal backslash and a letter) are plain text.
    rep.configs[i] = { ...rep.configs[i], path: "/etc/cron.d/odd\\tname\\\\x" };
    expect((await a.call("POST", "/api/v1/fingerprints", rep, { token: key })).status).toBe(202);
    expect((await stored("lim-bidi")).reports).toBe(1);
  });

  it("an enrolment with a control character in the hostname is refused naming it, and no host is made", async () => {
    const r = await a.call("POST", "/api/v1/enroll", { secret, hostname: "lim\u202Eevil" }, { token: null });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("hostname: contains a control or bidirectional character (U+202E)");
    const hosts = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json.hosts.map((h: { hostname: string }) => h.hostname);
    expect(hosts.some((h: string) => h.startsWith("lim\u202E"))).toBe(false);
    await upAndServing();
  });
});
