// The conditional check-in and the back-off on 503/429, over real HTTP, under every userland the
// agent must run on (dash + GNU tools, BusyBox sh + applets; curl, GNU wget, BusyBox wget).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Toolset, availableToolsets, runAgent, sha256 } from "./test-support";
import { type Answer, accepted, bodyText, contentDigest, reportOf, unauthorized } from "./test-api";
import { useAgentRig } from "./test-rig";

const CHECKIN = "/api/v1/checkin";
const REPORT = "/api/v1/fingerprints";
const ENROLL = "/api/v1/enroll";
const unchanged: Answer = { status: 200, json: { status: "unchanged" } };
const needed: Answer = { status: 200, json: { status: "report-needed" } };
const busy = (status: number, retryAfter?: string): Answer => ({
  status,
  json: { error: { code: "busy", message: "ingest queue is full" } },
  headers: retryAfter === undefined ? undefined : { "retry-after": retryAfter },
});
/**
 * Time the agent may spend around a wait: starting curl or wget on a loaded machine (1.5 s was exceeded in CI with
 * the build beside the unit tests). Upper bounds only catch an unscaled wait (30 s and more); the lower bounds
 * are what tell Retry-After from the default wait.
 */
const SLACK = 5_000;

const rig = useAgentRig();

const digestFile = () => path.join(rig.state, "accepted-digest");
const stored = () => fs.readFileSync(digestFile(), "utf8").trim();
const urls = () => rig.api.seen.map((r) => r.url);
const gap = (i: number) => rig.api.seen[i + 1].at - rig.api.seen[i].at;
/** Waits into the next second, so the next report's collectedAt differs from the last one's. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1010 - (Date.now() % 1000)));

describe.each(availableToolsets())("agent check-in and back-off with $name", (toolset: Toolset) => {
  let tools: ReturnType<Toolset["make"]>;
  beforeAll(() => {
    tools = toolset.make();
  });
  afterAll(() => tools.cleanup());

  const run = (extra: string[] = [], env: Record<string, string> = {}) =>
    runAgent(["--server", rig.api.url, "--state-dir", rig.state, "--root", rig.root, "--hostname", "web-1", "--config-paths", "/etc/apache2", ...extra], {
      env: { ...tools.env, ...env },
      shell: tools.shell,
    });

  /** A first run: the check-in does not know the content, the server accepts the report in full; returns the digest it stored. */
  async function firstReport(): Promise<string> {
    return (await firstAccepted()).digest;
  }
  async function firstAccepted(): Promise<{ digest: string; content: string; collectedAt: string }> {
    fs.mkdirSync(rig.state, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(rig.state, "host-key"), "hk_1\n", { mode: 0o600 });
    rig.api.byUrl[CHECKIN] = [needed];
    rig.api.byUrl[REPORT] = [accepted];
    const first = await run();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(urls()).toEqual([CHECKIN, REPORT]);
    const digest = contentDigest(rig.api.seen[1]);
    // The content digest, computed apart from the agent: sha256 of the report after its first line.
    const text = bodyText(rig.api.seen[1]);
    const content = sha256(text.slice(text.indexOf("\n") + 1));
    expect(rig.api.seen[1].headers["x-fleetprint-digest"]).toBe(digest);
    expect(rig.api.seen[1].headers["x-fleetprint-content-digest"]).toBe(content);
    expect(JSON.parse(rig.api.seen[0].body.toString("utf8"))).toEqual({ digest, content, machineId: null });
    expect(stored()).toBe(digest);
    const { collectedAt } = reportOf(rig.api.seen[1]);
    rig.api.reset();
    return { digest, content, collectedAt };
  }

  it("keeps one digest for the same content at another time, stored 0600", { timeout: 20_000 }, async () => {
    const { digest, collectedAt } = await firstAccepted();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    await nextSecond();
    fs.writeFileSync(digestFile(), `${"0".repeat(64)}\n`);
    rig.api.byUrl[REPORT] = [accepted];
    // --no-checkin: the full report goes out even though a digest is stored.
    const again = await run(["--no-checkin"]);
    expect(again.code).toBe(0);
    expect(urls()).toEqual([REPORT]);
    expect(reportOf(rig.api.seen[0]).collectedAt).not.toBe(collectedAt);
    expect(rig.api.seen[0].headers["x-fleetprint-digest"]).toBe(digest);
    expect(stored()).toBe(digest);
    expect(fs.statSync(digestFile()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(rig.state).sort()).toEqual(["accepted-digest", "host-key"]);
  });

  it("sends only a check-in with the stored digest when nothing changed", { timeout: 20_000 }, async () => {
    const { digest, content } = await firstAccepted();
    rig.api.byUrl[CHECKIN] = [unchanged];
    const again = await run();
    expect(again.stderr).toBe("");
    expect(again.stdout).toBe("");
    expect(again.code).toBe(0);
    expect(urls()).toEqual([CHECKIN]);
    const [checkin] = rig.api.seen;
    expect(checkin.method).toBe("POST");
    expect(checkin.headers.authorization).toBe("Bearer hk_1");
    expect(checkin.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(checkin.body.toString("utf8"))).toEqual({ digest, content, machineId: null });
    expect(stored()).toBe(digest);
  });

  it("sends no report when the check-in says another host's report had this content (accepted)", { timeout: 20_000 }, async () => {
    fs.mkdirSync(rig.state, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(rig.state, "host-key"), "hk_1\n", { mode: 0o600 });
    rig.api.byUrl[CHECKIN] = [{ status: 200, json: { status: "accepted" } }];
    const run1 = await run();
    expect(run1.stderr).toBe("");
    expect(run1.code).toBe(0);
    expect(urls()).toEqual([CHECKIN]);
    const { digest, content } = JSON.parse(rig.api.seen[0].body.toString("utf8"));
    expect(content).toMatch(/^[0-9a-f]{64}$/);
    // Accepted is accepted: the digest is stored, and the next run is an unchanged check-in.
    expect(stored()).toBe(digest);
  });

  it("checks in first when the content changed, and drops the old digest before sending the report", { timeout: 20_000 }, async () => {
    const before = await firstReport();
    const ports = path.join(rig.root, "etc/apache2/ports.conf");
    const text = fs.readFileSync(ports, "utf8");
    fs.writeFileSync(ports, `${text}Listen 8080\n`);
    try {
      // The server fails this report: no digest may remain that names content it never accepted.
      rig.api.byUrl[CHECKIN] = [needed];
      rig.api.byUrl[REPORT] = [{ status: 500, json: { error: { code: "internal", message: "database is down" } } }];
      expect((await run()).code).toBe(4);
      expect(urls()).toEqual([CHECKIN, REPORT]);
      expect(fs.existsSync(digestFile())).toBe(false);

      rig.api.reset();
      rig.api.byUrl[CHECKIN] = [needed];
      rig.api.byUrl[REPORT] = [accepted];
      const ok = await run();
      expect(ok.code).toBe(0);
      expect(urls()).toEqual([CHECKIN, REPORT]);
      const after = rig.api.seen[1].headers["x-fleetprint-digest"];
      expect(after).toBe(contentDigest(rig.api.seen[1]));
      expect(after).not.toBe(before);
      expect(reportOf(rig.api.seen[1]).configs.find((c) => c.path === "/etc/apache2/ports.conf")).toMatchObject({ modified: true });
      expect(stored()).toBe(after);
    } finally {
      fs.writeFileSync(ports, text);
    }
  });

  it("sends the full report when the check-in answers report-needed", async () => {
    const digest = await firstReport();
    rig.api.byUrl[CHECKIN] = [{ status: 200, json: { status: "report-needed" } }];
    rig.api.byUrl[REPORT] = [accepted];
    const again = await run();
    expect(again.code).toBe(0);
    expect(urls()).toEqual([CHECKIN, REPORT]);
    expect(rig.api.seen[1].headers["x-fleetprint-digest"]).toBe(digest);
    expect(reportOf(rig.api.seen[1]).hostname).toBe("web-1");
  });

  it("falls back to the full report when the server has no check-in route (404)", async () => {
    await firstReport();
    rig.api.byUrl[CHECKIN] = [{ status: 404, json: { error: { code: "not_found", message: "no such route" } } }];
    rig.api.byUrl[REPORT] = [accepted];
    const again = await run();
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(urls()).toEqual([CHECKIN, REPORT]);
  });

  it("enrolls once more when the check-in is refused (401) and a secret is at hand", async () => {
    await firstReport();
    rig.api.byUrl[CHECKIN] = [unauthorized, needed];
    rig.api.byUrl[ENROLL] = [{ status: 201, json: { hostKey: "hk_fresh" } }];
    rig.api.byUrl[REPORT] = [accepted];
    expect((await run(["--enroll-secret", "s"])).code).toBe(0);
    // Enrolled again, it checks in once more with the fresh key before sending its report.
    expect(urls()).toEqual([CHECKIN, ENROLL, CHECKIN, REPORT]);
    expect(rig.api.seen[2].headers.authorization).toBe("Bearer hk_fresh");
    expect(rig.api.seen[3].headers.authorization).toBe("Bearer hk_fresh");

    // A fresh key refused too: no second enrolment.
    rig.api.reset();
    rig.api.byUrl[CHECKIN] = [unauthorized];
    rig.api.byUrl[ENROLL] = [{ status: 201, json: { hostKey: "hk_fresh2" } }];
    expect((await run(["--enroll-secret", "s"])).code).toBe(4);
    expect(urls()).toEqual([CHECKIN, ENROLL, CHECKIN]);

    rig.api.reset();
    rig.api.byUrl[CHECKIN] = [unauthorized];
    const refused = await run();
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("HTTP 401");
    expect(urls()).toEqual([CHECKIN]);
  });

  it("waits Retry-After plus jitter on 503/429, then retries the same request", { timeout: 20_000 }, async () => {
    rig.api.byUrl[ENROLL] = [busy(429), { status: 201, json: { hostKey: "hk_2" } }];
    rig.api.byUrl[CHECKIN] = [needed];
    rig.api.byUrl[REPORT] = [busy(503, "200"), accepted];
    // Waits x 0.0025: the default 30 s becomes 75-150 ms, Retry-After 200 becomes 0.5-1 s.
    const ok = await run(["--enroll-secret", "s"], { FLEETPRINT_RETRY_SCALE: "0.0025" });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(urls()).toEqual([ENROLL, ENROLL, CHECKIN, REPORT, REPORT]);
    expect(rig.api.seen[2].headers.authorization).toBe("Bearer hk_2");
    expect(rig.api.seen[4].headers.authorization).toBe("Bearer hk_2");
    expect(gap(0)).toBeGreaterThanOrEqual(75);
    expect(gap(0)).toBeLessThan(150 + SLACK);
    // BusyBox wget never shows the headers of an error answer: the default wait applies.
    const [low, high] = toolset.seesErrorAnswers ? [500, 1000] : [75, 150];
    expect(gap(3)).toBeGreaterThanOrEqual(low);
    expect(gap(3)).toBeLessThan(high + SLACK);
  });

  it("retries a busy check-in too", async () => {
    await firstReport();
    rig.api.byUrl[CHECKIN] = [busy(503, "1"), unchanged];
    const again = await run([], { FLEETPRINT_RETRY_SCALE: "0" });
    expect(again.code).toBe(0);
    expect(urls()).toEqual([CHECKIN, CHECKIN]);
  });

  it("exits 5 after max-retries + 1 attempts when the server stays busy", { timeout: 20_000 }, async () => {
    await firstReport();
    fs.rmSync(digestFile());
    // Retry-After 100000 is capped at 900 s (x 0.00025: 225-450 ms); uncapped, the test would time out.
    rig.api.byUrl[CHECKIN] = [needed];
    rig.api.byUrl[REPORT] = [busy(503, "100000")];
    const run1 = await run(["--max-retries", "2"], { FLEETPRINT_RETRY_SCALE: "0.00025" });
    expect(run1.code).toBe(5);
    expect(urls()).toEqual([CHECKIN, REPORT, REPORT, REPORT]);
    expect(run1.stderr).toContain("busy (HTTP 503");
    expect(run1.stderr).toContain("next scheduled run will try again");
    if (toolset.seesErrorAnswers) {
      expect(run1.stderr).toContain("ingest queue is full");
      for (const i of [1, 2]) expect(gap(i)).toBeGreaterThanOrEqual(225);
    }
    for (const i of [1, 2]) expect(gap(i)).toBeLessThan(450 + SLACK);
    expect(fs.existsSync(digestFile())).toBe(false);

    rig.api.reset();
    rig.api.byUrl[CHECKIN] = [needed];
    rig.api.byUrl[REPORT] = [busy(429)];
    const run2 = await run([], { FLEETPRINT_MAX_RETRIES: "0" });
    expect(run2.code).toBe(5);
    expect(run2.stderr).toContain("HTTP 429");
    expect(urls()).toEqual([CHECKIN, REPORT]);
  });
});

describe("agent --max-retries", () => {
  it("exits 2 on a value that is not a whole number", async () => {
    const run = await runAgent(["--print", "--max-retries", "-1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--max-retries");
  });
});
