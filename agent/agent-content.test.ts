// Config contents: the agent sends only what the server asked for (wantContent), and of that only small
// world-readable text that is not a secret; --no-content sends nothing. Real script, real curl, a fake API.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_FILES, runAgent, sha256 } from "./test-support";
import { useAgentRig } from "./test-rig";

const rig = useAgentRig();

const PHP = "/etc/php/8.2/apache2/php.ini";
/** Files beside php.ini, each with what makes it ineligible (or not). */
const FILES: Record<string, { text: string | Buffer; mode?: number; eligible: boolean }> = {
  "/etc/content/app.conf": { text: "workers = 4\nname = ünïcode\n", eligible: true },
  "/etc/content/not-asked.conf": { text: "never asked for\n", eligible: false },
  "/etc/content/private.conf": { text: "password = hunter2\n", mode: 0o640, eligible: false },
  "/etc/content/site.key": { text: "just a name\n", eligible: false },
  "/etc/content/tls.pem": { text: "-----BEGIN PRIVATE KEY-----\nMIIE\n", eligible: false },
  "/etc/content/binary.conf": { text: Buffer.from([0x61, 0x00, 0x62, 0x0a]), eligible: false },
  "/etc/content/latin1.conf": { text: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), eligible: false },
  "/etc/content/big.conf": { text: "x".repeat(64 * 1024 + 1), eligible: false },
  "/etc/content/max.conf": { text: `${"y".repeat(64 * 1024 - 1)}\n`, eligible: true },
  "/etc/content/closed/inside.conf": { text: "behind a directory others cannot enter\n", eligible: false },
  "/etc/shadow": { text: "root:*:19000:0:99999:7:::\n", eligible: false },
};

beforeAll(() => {
  for (const [p, f] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(rig.root + p), { recursive: true });
    fs.writeFileSync(rig.root + p, f.text);
    if (f.mode !== undefined) fs.chmodSync(rig.root + p, f.mode);
  }
  fs.chmodSync(`${rig.root}/etc/content/closed`, 0o750);
});

beforeEach(() => {
  fs.mkdirSync(rig.state, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(rig.state, "host-key"), "hk_content\n", { mode: 0o600 });
});

const asked = [PHP, ...Object.keys(FILES).filter((p) => p !== "/etc/content/not-asked.conf")];
const hashOf = (p: string) => sha256(p === PHP ? FAKE_FILES[PHP] : FILES[p].text);
const run = (extra: string[] = []) =>
  runAgent(["--server", rig.api.url, "--state-dir", rig.state, "--root", rig.root, "--hostname", "web-1", "--config-paths", "/etc/php /etc/content /etc/shadow", ...extra]);
const uploads = () => rig.api.seen.filter((r) => r.url === "/api/v1/contents").map((r) => JSON.parse(r.body.toString("utf8")) as { contents: { sha256: string; base64: string }[] });

describe("agent config contents", () => {
  it("after an unchanged check-in, sends only the asked-for files a local user could read, as base64", async () => {
    rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "unchanged", wantContent: [...asked.map(hashOf), "f".repeat(64)] } }];
    rig.api.byUrl["/api/v1/contents"] = [{ status: 200, json: { stored: 3, known: 0 } }];
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    const sent = uploads().flatMap((u) => u.contents);
    const eligible = [PHP, ...Object.keys(FILES).filter((p) => FILES[p].eligible)];
    expect(sent.map((c) => c.sha256).sort()).toEqual(eligible.map(hashOf).sort());
    for (const c of sent) expect(sha256(Buffer.from(c.base64, "base64"))).toBe(c.sha256);
    expect(rig.api.seen[1].headers.authorization).toBe("Bearer hk_content");
  });

  it("after a full report, reads wantContent from the report's answer", async () => {
    rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "report-needed" } }];
    rig.api.byUrl["/api/v1/fingerprints"] = [{ status: 202, json: { fingerprint: "abc", changed: true, wantContent: [hashOf(PHP)] } }];
    rig.api.byUrl["/api/v1/contents"] = [{ status: 200, json: { stored: 1, known: 0 } }];
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(uploads()).toEqual([{ contents: [{ sha256: hashOf(PHP), base64: Buffer.from(FAKE_FILES[PHP]).toString("base64") }] }]);
  });

  it("sends nothing with --no-content, or when the server asks for nothing", async () => {
    rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "unchanged", wantContent: [hashOf(PHP)] } }];
    expect((await run(["--no-content"])).code).toBe(0);
    rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "unchanged" } }];
    expect((await run()).code).toBe(0);
    expect(uploads()).toEqual([]);
  });

  it("warns but exits 0 when the server refuses the contents (the report went through)", async () => {
    rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "unchanged", wantContent: [hashOf(PHP)] } }];
    rig.api.byUrl["/api/v1/contents"] = [{ status: 409, json: { error: { code: "conflict", message: "fleet does not collect content" } } }];
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("fleet does not collect content");
  });
});
