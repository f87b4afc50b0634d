import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type FakeServer } from "@/tests/fakes/http-server";
import { guardedFetch, OutboundRefused, outboundRefusal } from "./outbound-fetch";

let rx: FakeServer;
beforeAll(async () => {
  rx = await startServer((c) => (c.path === "/empty" ? { status: 204 } : { status: c.path === "/fail" ? 500 : 200, body: { got: c.body, method: c.method } }));
});
afterAll(() => rx.close());

const port = () => new URL(rx.url).port;

describe("guardedFetch", () => {
  it("refuses loopback by default, before any connection", async () => {
    const before = rx.calls.length;
    const err = await guardedFetch({})(`${rx.url}/hook`, { method: "POST", body: "{}" }).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    expect(err.message).toMatch(/^refused: 127\.0\.0\.1 is a loopback address.*FLEETPRINT_OUTBOUND_ALLOW/);
    expect(rx.calls.length).toBe(before);
  });

  it("checks the address a name resolves to when the socket connects", async () => {
    const err = await guardedFetch({})(`http://localhost:${port()}/hook`).catch((e) => e);
    expect(outboundRefusal(err)?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it("refuses the cloud metadata address and other non-public literals", async () => {
    for (const [url, kind] of [
      ["http://169.254.169.254/latest/meta-data/", "cloud metadata"],
      ["http://[::1]:9/", "loopback"],
      ["http://10.0.0.1/", "private"],
      ["http://100.64.1.1/", "carrier-grade NAT"],
      ["http://0.0.0.0/", "unspecified"],
      ["http://[fe80::1]/", "link-local"],
    ]) {
      const err = await guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" })(url).catch((e) => e);
      expect(err, url).toBeInstanceOf(OutboundRefused);
      expect(err.message).toContain(`a ${kind} address`);
    }
  });

  it("sends to hosts the allow list names, by address or by name", async () => {
    const f = guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" });
    const res = await f(`${rx.url}/hook`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: '{"a":1}', method: "POST" });
    expect(rx.calls.at(-1)!.headers["content-length"]).toBe("7");
    const byName = await guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "localhost" })(`http://localhost:${port()}/fail`);
    expect(byName.status).toBe(500);
    const empty = await guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.0/8" })(`${rx.url}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it("reports network failures the way fetch does (TypeError with the errno as cause)", async () => {
    const err = await guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" })("http://127.0.0.1:1/").catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause.code).toBe("ECONNREFUSED");
  });

  it("stops when the signal aborts", async () => {
    rx.inject({ status: 200, hang: true });
    const err = await guardedFetch({ FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" })(`${rx.url}/slow`, { signal: AbortSignal.timeout(100) }).catch((e) => e);
    expect(err.name).toBe("TimeoutError");
  });
});
