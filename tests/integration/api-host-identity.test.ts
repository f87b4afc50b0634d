// Host identity over real HTTP, against the app on PGlite and on PostgreSQL: what /enroll answers for a
// replacement, a rename and a conflict, and the statuses of revoking a key, deleting a host and revoking a secret
// with the keys it issued. Who may call them is in roles.test.ts.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, serverAt, uniqueName, type Api } from "./support/api";
import { host, report } from "./support/reports";

describe.each(inject("servers"))("host identity API on $kind", ({ url }) => {
  const a: Api = api(url);
  const viewer = () => serverAt(url).people.viewer.token;
  let fleet = "";
  let secret = "";

  beforeAll(async () => {
    fleet = uniqueName("ident");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
    secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
  });

  const enroll = (hostname: string, machineId: string | null, s = secret) => a.call("POST", "/api/v1/enroll", { secret: s, hostname, machineId }, { token: null });
  const send = (key: string, hostname: string, machineId: string) => {
    const h = host(hostname);
    h.machineId = machineId;
    return a.call("POST", "/api/v1/fingerprints", report(h), { token: key });
  };
  const detail = async (hostname: string) => (await a.call("GET", `/api/v1/hosts/${hostname}?fleet=${fleet}`)).json;

  it("a new machine under a known hostname replaces it; the old key gets 401 on its next report", async () => {
    const first = await enroll("h-01", "aaaa1111");
    expect(first.status).toBe(201);
    expect((await send(first.json.hostKey, "h-01", "aaaa1111")).status).toBe(202);
    const second = await enroll("h-01", "bbbb2222");
    expect(second.status).toBe(201);
    expect(second.json.hostId).toBe(first.json.hostId);
    expect((await send(first.json.hostKey, "h-01", "aaaa1111")).status).toBe(401);
    expect((await a.call("POST", "/api/v1/checkin", { digest: "0".repeat(64) }, { token: first.json.hostKey })).status).toBe(401);
    expect((await send(second.json.hostKey, "h-01", "bbbb2222")).status).toBe(202);
    const d = await detail("h-01");
    expect(d.lastIdentity).toMatchObject({ event: "replaced", detail: { previousMachineId: "aaaa1111", machineId: "bbbb2222" } });
    const history = (await a.call("GET", `/api/v1/hosts/h-01/history?fleet=${fleet}`)).json;
    expect(history.entries.find((e: { event: string }) => e.event === "replaced")).toMatchObject({ detail: { previousMachineId: "aaaa1111", machineId: "bbbb2222" } });
    const audit = (await a.call("GET", "/api/v1/audit?action=host.replace")).json;
    expect(JSON.stringify(audit)).toContain("bbbb2222");
  });

  it("a known machine under a new hostname renames its record; claiming another record's name is 409", async () => {
    const old = await enroll("h-old", "cccc3333");
    const renamed = await enroll("h-new", "cccc3333");
    expect(renamed.status).toBe(201);
    expect(renamed.json.hostId).toBe(old.json.hostId);
    expect((await a.call("GET", `/api/v1/hosts/h-old?fleet=${fleet}`)).status).toBe(404);
    expect((await detail("h-new")).lastIdentity).toMatchObject({ event: "renamed", detail: { previousHostname: "h-old", hostname: "h-new" } });

    await enroll("h-other", "dddd4444");
    const clash = await enroll("h-other", "cccc3333");
    expect(clash.status).toBe(409);
    expect(clash.json.error.message).toMatch(/enrolled as host "h-new"/);
  });

  it("revokes one host's key: 200, then 409; the host gets 401 until it enrolls again", async () => {
    const k = await enroll("h-rev", "eeee5555");
    expect((await send(k.json.hostKey, "h-rev", "eeee5555")).status).toBe(202);
    const r = await a.call("POST", `/api/v1/hosts/h-rev/revoke-key?fleet=${fleet}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ hostname: "h-rev", fleet, keyRevokedAt: expect.any(String) });
    expect((await send(k.json.hostKey, "h-rev", "eeee5555")).status).toBe(401);
    expect((await detail("h-rev")).host.keyRevokedAt).toBe(r.json.keyRevokedAt);
    const again = await a.call("POST", `/api/v1/hosts/h-rev/revoke-key?fleet=${fleet}`);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/no active key/);
    expect((await a.call("POST", `/api/v1/hosts/nobody/revoke-key?fleet=${fleet}`)).status).toBe(404);
    expect((await a.call("POST", `/api/v1/hosts/h-rev/revoke-key?fleet=${fleet}`, undefined, { token: viewer() })).status).toBe(403);
    const back = await enroll("h-rev", "eeee5555");
    expect((await send(back.json.hostKey, "h-rev", "eeee5555")).status).toBe(202);
  });

  it("deletes a host: 200, then 404; a hostname in two fleets needs ?fleet= (409)", async () => {
    const other = uniqueName("ident-b");
    await a.call("POST", "/api/v1/fleets", { name: other, strategy: "mutable" });
    const otherSecret = (await a.call("POST", `/api/v1/fleets/${other}/enroll-secrets`)).json.secret;
    const twin = uniqueName("twin");
    const here = await enroll(twin, null);
    await enroll(twin, null, otherSecret);
    const ambiguous = await a.call("DELETE", `/api/v1/hosts/${twin}`);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.json.error.message).toMatch(/\?fleet=/);
    expect((await a.call("POST", `/api/v1/hosts/${twin}/revoke-key`)).status).toBe(409);
    expect((await a.call("DELETE", `/api/v1/hosts/${twin}?fleet=${fleet}`, undefined, { token: viewer() })).status).toBe(403);
    const gone = await a.call("DELETE", `/api/v1/hosts/${twin}?fleet=${fleet}`);
    expect(gone.status).toBe(200);
    expect(gone.json).toEqual({ hostname: twin, fleet, deleted: true });
    expect((await send(here.json.hostKey, twin, "ffff6666")).status).toBe(401);
    expect((await a.call("DELETE", `/api/v1/hosts/${twin}?fleet=${fleet}`)).status).toBe(404);
    expect((await a.call("GET", `/api/v1/hosts/${twin}?fleet=${other}`)).status).toBe(200);
  });

  it("revoking a secret with ?revokeKeys=true revokes the keys it issued and counts them", async () => {
    const s = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    const keys = [];
    for (const [name, mid] of [["h-s1", "1234abcd"], ["h-s2", "2345bcde"]]) {
      const e = await enroll(name, mid, s.secret);
      expect((await send(e.json.hostKey, name, mid)).status).toBe(202);
      keys.push(e.json.hostKey as string);
    }
    expect((await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/${s.id}?revokeKeys=maybe`)).status).toBe(400);
    const r = await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/${s.id}?revokeKeys=true`);
    expect(r.status).toBe(200);
    expect(r.json.revokedKeys).toBe(2);
    expect((await send(keys[0], "h-s1", "1234abcd")).status).toBe(401);
    expect((await send(keys[1], "h-s2", "2345bcde")).status).toBe(401);
    expect((await enroll("h-s1", "1234abcd", s.secret)).status).toBe(401);
  });

  it("documents the new routes with their role", async () => {
    const doc = (await a.call("GET", "/api/v1/openapi.json", undefined, { token: null })).json;
    expect(doc.paths["/hosts/{hostname}/revoke-key"].post["x-required-role"]).toBe("admin");
    expect(doc.paths["/hosts/{hostname}"].delete["x-required-role"]).toBe("admin");
    expect(doc.paths["/hosts/{hostname}"].get["x-required-role"]).toBe("viewer");
    expect(doc.paths["/fleets/{name}/enroll-secrets/{id}"].delete.parameters.map((p: { name: string }) => p.name)).toContain("revokeKeys");
    expect(Object.keys(doc.paths["/enroll"].post.responses)).toContain("409");
  });
});
