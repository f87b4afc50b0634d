import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, apiErrorOf, getJson, postJson, withQuery } from "./api";

// A real HTTP server answering the way our routes do (lib/server/http.ts).
let server: Server;
let base = "";
const seen: { method: string; url: string; type: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers["content-type"], body });
      const send = (status: number, text: string) => res.writeHead(status, { "content-type": "application/json" }).end(text);
      if (req.url!.startsWith("/ok")) send(200, JSON.stringify({ hosts: [{ hostname: "web-1" }] }));
      else if (req.url === "/conflict") send(409, JSON.stringify({ error: { code: "conflict", message: "This request is approved; only pending requests can be decided." } }));
      else if (req.url === "/html") res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
      else if (req.url === "/empty") res.writeHead(200).end("");
      else send(404, JSON.stringify({ error: { code: "not_found", message: "" } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("apiErrorOf", () => {
  it("reads a failed answer that is not a JSON call (a streamed download)", async () => {
    expect(await apiErrorOf(await fetch(`${base}/conflict`), "The export failed (HTTP 409).")).toMatchObject({ status: 409, code: "conflict", message: "This request is approved; only pending requests can be decided." });
    expect(await apiErrorOf(await fetch(`${base}/html`), "The export failed (HTTP 502).")).toMatchObject({ status: 502, code: null, message: "The export failed (HTTP 502)." });
  });
});

describe("withQuery", () => {
  it("leaves out absent values and encodes the rest", () => {
    expect(withQuery("/api/v1/hosts", { q: "web 1", limit: 20, drifted: true, fleet: undefined, item: null, sort: "" })).toBe("/api/v1/hosts?q=web+1&limit=20&drifted=true");
    expect(withQuery("/api/v1/fleets")).toBe("/api/v1/fleets");
  });
});

describe("getJson / postJson", () => {
  it("returns the parsed body and sends the query", async () => {
    expect(await getJson<{ hosts: { hostname: string }[] }>(`${base}/ok`, { query: { q: "web" } })).toEqual({ hosts: [{ hostname: "web-1" }] });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: "/ok?q=web" });
  });

  it("posts JSON", async () => {
    await postJson(`${base}/ok`, { hosts: ["web-1"] });
    expect(seen.at(-1)).toMatchObject({ method: "POST", type: "application/json", body: '{"hosts":["web-1"]}' });
  });

  it("turns our error JSON into an Error carrying the server's sentence, code and status", async () => {
    const e = await getJson(`${base}/conflict`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: "conflict", message: "This request is approved; only pending requests can be decided." });
  });

  it("says what failed when the answer carries no message or is not JSON", async () => {
    await expect(getJson(`${base}/missing`)).rejects.toMatchObject({ status: 404, code: "not_found", message: `GET ${base}/missing: the server answered 404` });
    await expect(getJson(`${base}/html`)).rejects.toMatchObject({ status: 502, code: null, message: `GET ${base}/html: the server answered 502` });
    await expect(getJson(`${base}/empty`)).rejects.toThrow("the answer was not JSON");
  });
});
