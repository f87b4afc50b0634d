import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentDigestOf, layoutReport } from "./content-digest";

const sha = (s: string) => createHash("sha256").update(Buffer.from(s, "utf8")).digest("hex");
const tail = '"os":{"id":"debian"},\n"packages":[\n{"manager":"dpkg","name":"bash"}],\n"configs":[]}\n';
const body = (head: string) => `${head}\n${tail}`;

describe("contentDigestOf", () => {
  it("hashes the bytes after the first line, so hosts with the same content share it", () => {
    const a = contentDigestOf(body('{"schema":1,"agentVersion":"1.4","hostname":"web-1","machineId":"ab12","collectedAt":"2026-11-30T10:00:00Z",'));
    const b = contentDigestOf(body('{"schema":1,"agentVersion":"1.4","hostname":"web-2","machineId":null,"collectedAt":"2026-11-30T11:00:00Z",'));
    expect(a).toMatchObject({ ok: true, digest: sha(tail), head: { hostname: "web-1", machineId: "ab12" } });
    expect(b).toMatchObject({ ok: true, digest: sha(tail), head: { hostname: "web-2", machineId: null } });
  });

  it("hashes non-ASCII content as its UTF-8 bytes (what the agent's sha256sum sees)", () => {
    const t = '"configs":[{"path":"/etc/café"}]}\n';
    expect(contentDigestOf(`{"hostname":"h",\n${t}`)).toEqual({ ok: true, digest: sha(t), head: { hostname: "h" } });
  });

  it("refuses a first line that holds content, or that is not the object's opening", () => {
    const withOs = contentDigestOf(body('{"hostname":"h","os":{"id":"x"},'));
    expect(withOs).toMatchObject({ ok: false });
    expect(!withOs.ok && withOs.reason).toMatch(/also holds os/);
    expect(contentDigestOf(body('{"hostname":"h","packages":[],'))).toMatchObject({ ok: false });
    expect(contentDigestOf(body('{"hostname":"h"}'))).toMatchObject({ ok: false });
    expect(contentDigestOf(body("[1,"))).toMatchObject({ ok: false });
    expect(contentDigestOf(body("not json,"))).toMatchObject({ ok: false });
    expect(contentDigestOf('{"hostname":"h","os":{}}')).toMatchObject({ ok: false, reason: expect.stringMatching(/one line/) });
  });

  it("takes collector errors as a per-host field: what a host could not read is not its content", () => {
    const errors = '"collectorErrors":[{"collector":"rpm","message":"rpm database unreadable: x"}],';
    expect(contentDigestOf(body(`{"hostname":"h","collectedAt":"2026-11-30T10:00:00Z",${errors}`))).toMatchObject({ ok: true, digest: sha(tail) });
  });
});

describe("layoutReport", () => {
  it("writes the per-host fields first, so two hosts with one content share its digest", () => {
    const content = { os: { id: "debian" }, packages: [{ manager: "dpkg", name: "bash" }], configs: [] };
    const a = layoutReport({ schema: 1, agentVersion: "1", hostname: "a", machineId: null, collectedAt: "t1", ...content });
    const b = layoutReport({ schema: 1, agentVersion: "1", hostname: "b", machineId: "m", collectedAt: "t2", ...content });
    expect(JSON.parse(a)).toMatchObject({ hostname: "a", ...content });
    const da = contentDigestOf(a);
    expect(da.ok).toBe(true);
    const digest = (r: ReturnType<typeof contentDigestOf>) => (r.ok ? r.digest : null);
    expect(digest(contentDigestOf(b))).toBe(digest(da));
    expect(digest(contentDigestOf(layoutReport({ hostname: "a", ...content, configs: [{ path: "/etc/x" }] })))).not.toBe(digest(da));
  });
});
