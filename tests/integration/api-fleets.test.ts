// Admin writes (fleets, secrets, specs, capture) and the reads (fleets, hosts, drift, snowflake, diff).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, uniqueName, type Api } from "./support/api";
import { EXTRAS, editConfig, host, install, report } from "./support/reports";

describe.each(inject("servers"))("fleet API on $kind", ({ url }) => {
  const a: Api = api(url);
  const fleet = uniqueName("flt");
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (let i = 1; i <= 6; i++) {
      const name = `app-${i}`;
      keys[name] = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json.hostKey;
      const h = host(name);
      if (name === "app-5") editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
      if (name === "app-6") install(h, EXTRAS.debugging);
      expect((await a.call("POST", "/api/v1/fingerprints", report(h), { token: keys[name] })).status).toBe(202);
    }
  });

  it("writes need credentials: none or a wrong token is 401", async () => {
    for (const token of [null, "wrong"]) {
      const r = await a.call("POST", "/api/v1/fleets", { name: uniqueName("x"), strategy: "mutable" }, { token });
      expect(r.status).toBe(401);
      expect((await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`, undefined, { token })).status).toBe(401);
      expect((await a.call("PUT", `/api/v1/fleets/${fleet}/spec`, undefined, { token, raw: "packages: {}" })).status).toBe(401);
      expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "app-1" }, { token })).status).toBe(401);
    }
  });

  it("validates fleet creation: 400 for bad input, 409 for a duplicate", async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: "Bad Name", strategy: "mutable" })).status).toBe(400);
    const bad = await a.call("POST", "/api/v1/fleets", { name: uniqueName("x"), strategy: "sometimes" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/strategy/);
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(409);
    expect((await a.call("POST", "/api/v1/fleets/nope-nope/enroll-secrets")).status).toBe(404);
  });

  it("a revoked-looking or unknown fleet spec read is 404; a bad spec is 400 and saves nothing", async () => {
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/spec`)).status).toBe(404);
    const bad = await a.call("PUT", `/api/v1/fleets/${fleet}/spec`, undefined, { raw: "packages:\n  mode: sometimes\n" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/packages/);
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/spec`)).status).toBe(404);
  });

  it("captures a golden host as the spec and computes drift against it", async () => {
    const cap = await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "app-1" });
    expect(cap.status).toBe(201);
    expect(cap.json.version).toBe(1);
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "nobody" })).status).toBe(404);
    const clean = await a.call("GET", `/api/v1/hosts/app-2/drift?fleet=${fleet}`);
    expect(clean.json.items).toEqual([]);
    const edited = await a.call("GET", `/api/v1/hosts/app-5/drift?fleet=${fleet}`);
    expect(edited.json.items).toHaveLength(1);
    expect(edited.json.items[0]).toMatchObject({ kind: "config-changed", subject: "/etc/apache2/apache2.conf" });
    const extra = await a.call("GET", `/api/v1/hosts/app-6/drift?fleet=${fleet}`);
    expect(extra.json.items.map((i: { kind: string }) => i.kind)).toEqual(["package-extra", "package-extra", "package-extra"]);
    const yaml = await a.call("GET", `/api/v1/fleets/${fleet}/spec`, undefined, { headers: { accept: "application/yaml" } });
    expect(yaml.text).toMatch(/apache2/);
  });

  it("accepts a YAML spec upload as the next version", async () => {
    const put = await a.call("PUT", `/api/v1/fleets/${fleet}/spec`, undefined, {
      raw: "packages:\n  mode: allow-extras\n  pins:\n    apache2: \"*\"\n    nginx: \"*\"\n",
      headers: { "content-type": "application/yaml" },
    });
    expect(put.status).toBe(201);
    expect(put.json.version).toBe(2);
    const d = await a.call("GET", `/api/v1/hosts/app-1/drift?fleet=${fleet}`);
    expect(d.json.items).toEqual([expect.objectContaining({ kind: "package-missing", subject: "nginx" })]);
    // Back to the captured golden spec for the remaining tests.
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "app-1" })).json.version).toBe(3);
  });

  it("lists fleets with their metrics and filters hosts", async () => {
    const fleets = (await a.call("GET", "/api/v1/fleets")).json.fleets;
    const f = fleets.find((x: { name: string }) => x.name === fleet);
    expect(f).toMatchObject({ strategy: "immutable", hosts: 6, reporting: 6, conforming: 4, distinctFingerprints: 3, specVersion: 3 });
    const drifted = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}&drifted=true`)).json.hosts.map((h: { hostname: string }) => h.hostname);
    expect(drifted.sort()).toEqual(["app-5", "app-6"]);
    const snow = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}&snowflake=1`)).json.hosts.map((h: { hostname: string }) => h.hostname);
    expect(snow.sort()).toEqual(["app-5", "app-6"]);
    expect((await a.call("GET", `/api/v1/hosts?drifted=maybe`)).status).toBe(400);
  });

  it("explains a snowflake and diffs hosts and spec", async () => {
    const s = await a.call("GET", `/api/v1/hosts/app-5/snowflake?fleet=${fleet}`);
    expect(s.json.isSnowflake).toBe(true);
    expect(s.json.reasons[0].explain).toMatch(/apache2\.conf edited by hand/);
    expect(s.json.reasons[0].explain).toMatch(/1 of 6/);
    const vsHost = await a.call("GET", `/api/v1/hosts/app-6/diff?fleet=${fleet}&against=host:app-1@${fleet}`);
    expect(vsHost.status).toBe(200);
    expect(vsHost.json.rows.filter((r: { status: string }) => r.status !== "same").map((r: { key: string }) => r.key).sort()).toEqual(["htop", "strace", "tcpdump"]);
    const vsSpec = await a.call("GET", `/api/v1/hosts/app-5/diff?fleet=${fleet}&against=spec`);
    expect(vsSpec.json.rows.some((r: { key: string; status: string }) => r.key.endsWith("apache2.conf") && r.status === "differs")).toBe(true);
    expect((await a.call("GET", `/api/v1/hosts/app-5/diff?fleet=${fleet}&against=bogus`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/hosts/nobody/drift`)).status).toBe(404);
  });

  it("serves the OpenAPI document and the agent", async () => {
    const doc = await a.call("GET", "/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/enroll", "/fingerprints", "/fleets", "/hosts", "/hosts/{hostname}/drift"]));
    const agent = await a.call("GET", "/agent.sh");
    expect(agent.text.startsWith("#!/bin/sh")).toBe(true);
  });
});
