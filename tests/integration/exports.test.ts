// GET /api/v1/exports/drift over real HTTP on both databases: every format, the filters, formula injection,
// non-ASCII names, the filename and the refusals.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, uniqueName } from "./support/api";
import { addFile, editConfig, host, install, report } from "./support/reports";
import { parseCsv } from "@/lib/core/parse-csv";

const EVIL = ["=cmd|'/C_calc'!A0", "@SUM(1+1)", "-2+3", "+1"];

function pdfText(bytes: Buffer): { text: string; pages: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-export-"));
  try {
    const file = path.join(dir, "export.pdf");
    fs.writeFileSync(file, bytes);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file]).toString())?.[1]);
    return { text: execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8"), pages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(inject("servers"))("drift exports on $kind", ({ url, people }) => {
  const a = api(url);
  const fleet = uniqueName("exp");
  const get = (query: string, token: string | null = people.viewer.token) =>
    fetch(`${url}/api/v1/exports/drift?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = async (r: Response) => Buffer.from(await r.arrayBuffer());

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (const name of ["gold-1", "web-2", "web-3", "web-4"]) {
      const { hostKey } = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json;
      const h = host(name);
      if (name === "web-3") {
        // Values an agent controls that a spreadsheet would run as formulas, and a non-ASCII config path.
        install(h, EVIL.map((version, i) => ({ manager: "dpkg" as const, name: `evil${i}`, version, arch: "amd64" })));
        editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
        addFile(h, "/etc/häfen/ü.conf", "v1");
      }
      if (name === "web-4") editConfig(h, "/etc/apache2/apache2.conf", "ServerTokens Full");
      expect((await a.call("POST", "/api/v1/fingerprints", report(h), { token: hostKey })).status).toBe(202);
    }
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "gold-1" })).status).toBe(201);
  });

  it("CSV: a file named for what and when, UTF-8 with BOM, one row per item, formulas neutralised", async () => {
    const r = await get(`fleet=${fleet}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="fleetprint-drift-${fleet}-\\d{4}-\\d{2}-\\d{2}T\\d{4}Z\\.csv"$`));
    expect(r.headers.get("x-fleetprint-total-hosts")).toBe("4");
    expect(r.headers.get("content-length")).toBeNull(); // streamed
    const bytes = await body(r);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(rows[0]).toEqual(["fleet", "host", "kind", "subject", "expected", "actual", "direction", "first_seen", "snowflake_score", "explain", "differs_since", "differs_since_version", "reporting", "last_seen", "source"]);
    const web3 = rows.filter((x) => x[1] === "web-3");
    for (const v of EVIL) expect(web3.find((x) => x[3] === `evil${EVIL.indexOf(v)}`)?.[5]).toBe(`'${v}`);
    expect(web3.find((x) => x[3] === "/etc/häfen/ü.conf")?.[2]).toBe("config-unexpected");
    // No text cell anywhere starts like a formula; the score column is a plain number.
    for (const x of rows.slice(1)) {
      x.forEach((cell, i) => i !== 8 && expect(cell).not.toMatch(/^[=+\-@\t\r]/));
      expect(x[8]).toMatch(/^\d+(\.\d+)?$/);
      if (x[2]) expect(x[7]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      if (x[2] !== "package-version") expect(x[6]).toBe(""); // direction: package versions only
    }
    // Every host appears, conforming ones as a single row without an item.
    expect(new Set(rows.slice(1).map((x) => x[1]))).toEqual(new Set(["gold-1", "web-2", "web-3", "web-4"]));
    const web2 = rows.filter((x) => x[1] === "web-2");
    expect(web2.map((x) => x.slice(0, 12))).toEqual([[fleet, "web-2", "", "", "", "", "", "", "0", "", "", ""]]);
    expect(web2[0][12]).toBe("reporting"); // it just reported
    expect(web2[0][13]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(web2[0][14]).toBe("agent"); // where its data comes from
  });

  it("JSON: the same data typed, with the spec version and fingerprints it was computed against", async () => {
    const r = await get(`fleet=${fleet}&format=json`);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = JSON.parse((await body(r)).toString("utf8"));
    expect(doc).toMatchObject({ schema: 1, totalHosts: 4, filters: { fleet, drifted: null, since: null }, fleets: [{ name: fleet, strategy: "mutable", specVersion: 1, hosts: 4 }] });
    const listed = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json.hosts as { hostname: string; fingerprint: string }[];
    expect(doc.hosts).toHaveLength(4);
    for (const h of doc.hosts) expect(h.fingerprint).toBe(listed.find((x) => x.hostname === h.hostname)!.fingerprint);
    const web3 = doc.hosts.find((h: { hostname: string }) => h.hostname === "web-3");
    expect(web3.items.map((i: { actual: string }) => i.actual)).toEqual(expect.arrayContaining(EVIL)); // raw values
    expect(web3.items.every((i: { firstSeen: string }) => !Number.isNaN(Date.parse(i.firstSeen)))).toBe(true);
    expect(doc.count).toEqual({ hosts: 4, items: doc.hosts.reduce((s: number, h: { items: unknown[] }) => s + h.items.length, 0) });
    const openapi = (await a.call("GET", "/api/v1/openapi.json")).json;
    expect(openapi.paths["/exports/drift"].get["x-required-role"]).toBe("viewer");
    expect(Object.keys(doc).sort()).toEqual([...openapi.components.schemas.DriftExport.required].sort());
  });

  it("Markdown: a report naming the fleet, filters, spec version, scorecard, snowflakes and drifted hosts", async () => {
    const r = await get(`fleet=${fleet}&drifted=1&format=md`);
    expect(r.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(r.headers.get("content-disposition")).toMatch(new RegExp(`fleetprint-drift-${fleet}-drifted-.*\\.md"$`));
    const md = (await body(r)).toString("utf8");
    expect(md).toMatch(new RegExp(`^# Drift report: ${fleet}\\n`));
    expect(md).toContain("drifted hosts only");
    expect(md).toContain(`**Spec versions:** ${fleet} v1`);
    for (const s of ["## Scorecard: mutable vs immutable", "## Drift per host", "## Drift by kind", "## Top snowflakes", "### web-3 · ", "### web-4 · ", "/etc/häfen/ü.conf"]) expect(md).toContain(s);
    expect(md).not.toContain("### web-2");
  });

  it("PDF: a report poppler can read, with the fleet and non-ASCII names", async () => {
    const r = await get(`fleet=${fleet}&format=pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    const bytes = await body(r);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { text, pages } = pdfText(bytes);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(fleet);
    expect(text).toContain("/etc/häfen/ü.conf");
    expect(text).toContain("Top snowflakes");
  });

  it("exports exactly what the filters show", async () => {
    const hostsOf = async (q: string) => {
      const doc = JSON.parse((await body(await get(`fleet=${fleet}&format=json&${q}`))).toString("utf8"));
      return { total: doc.totalHosts, hosts: doc.hosts.map((h: { hostname: string }) => h.hostname).sort() };
    };
    expect(await hostsOf("drifted=1")).toEqual({ total: 2, hosts: ["web-3", "web-4"] });
    expect(await hostsOf("drifted=0")).toEqual({ total: 2, hosts: ["gold-1", "web-2"] });
    expect(await hostsOf("q=WEB-3")).toEqual({ total: 1, hosts: ["web-3"] });
    const web3 = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}&q=web-3`)).json.hosts[0];
    expect((await hostsOf(`q=${web3.fingerprint.slice(0, 10)}`)).hosts).toEqual(["web-3"]); // fingerprint prefix, as the table
    const snow = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}&snowflake=1`)).json.hosts.map((h: { hostname: string }) => h.hostname).sort();
    expect((await hostsOf("snowflake=1")).hosts).toEqual(snow);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await hostsOf(`since=${tomorrow}`)).toMatchObject({ hosts: [] });
    expect((await hostsOf("since=2000-01-01")).hosts).toEqual(["web-3", "web-4"]);
  });

  it("exports every fleet when none is named", async () => {
    const r = await get("format=csv");
    expect(r.headers.get("content-disposition")).toMatch(/filename="fleetprint-drift-all-fleets-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv"/);
    const rows = parseCsv((await body(r)).subarray(3).toString("utf8"));
    expect(rows.some((x) => x[0] === fleet && x[1] === "web-3")).toBe(true);
  });

  it("refuses bad input with a message, unknown fleets with 404, and callers without a token", async () => {
    const since = await get(`fleet=${fleet}&since=yesterday`);
    expect(since.status).toBe(400);
    expect((await since.json()).error.message).toMatch(/^since: expected an ISO 8601 date/);
    const bad = await get(`fleet=${fleet}&since=2026-02-30`);
    expect(bad.status).toBe(400);
    const format = await get(`fleet=${fleet}&format=xlsx`);
    expect(format.status).toBe(400);
    expect((await format.json()).error.message).toMatch(/format/);
    expect((await get("fleet=no-such-fleet&format=csv")).status).toBe(404);
    expect((await get(`fleet=${fleet}`, null)).status).toBe(401);
  });
});
