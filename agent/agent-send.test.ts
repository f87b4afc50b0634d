// Enrolling and sending over real HTTP to a local server that answers like Fleetprint's API.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { BASE_TOOLS, BUSYBOX, busyboxDir, runAgent, toolDir } from "./test-support";
import { accepted, contentDigest, reportOf, unauthorized } from "./test-api";
import { useAgentRig } from "./test-rig";

const rig = useAgentRig();

beforeEach(() => {
  // Every run checks in first (tested in agent-checkin.test.ts); here the server never knows the content.
  rig.api.byUrl[CHECKIN] = [{ status: 200, json: { status: "report-needed" } }];
});

const CHECKIN = "/api/v1/checkin";
/** What the agent sent past its check-in. */
const posts = () => rig.api.seen.filter((r) => r.url !== CHECKIN);

const send = (extra: string[] = [], env?: Record<string, string | undefined>) =>
  runAgent(["--server", rig.api.url, "--state-dir", rig.state, "--root", rig.root, "--hostname", "web-1", "--config-paths", "/etc/apache2", ...extra], { env });

function giveHostKey(key: string) {
  fs.mkdirSync(rig.state, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(rig.state, "host-key"), `${key}\n`, { mode: 0o600 });
}

describe("agent sending", () => {
  it("posts a gzipped report with the host key as a Bearer token", async () => {
    giveHostKey("hk_live_4f9a0c");
    rig.api.answers = [accepted];
    const run = await send();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(rig.api.seen.map((r) => r.url)).toEqual([CHECKIN, "/api/v1/fingerprints"]);
    const [post] = posts();
    expect(post.method).toBe("POST");
    expect(post.url).toBe("/api/v1/fingerprints");
    expect(post.headers.authorization).toBe("Bearer hk_live_4f9a0c");
    expect(post.headers["content-type"]).toBe("application/json");
    expect(post.headers["content-encoding"]).toBe("gzip");
    const report = reportOf(post);
    expect(report.hostname).toBe("web-1");
    expect(report.configs.find((c) => c.path === "/etc/apache2/apache2.conf")).toMatchObject({ modified: true });
    // The report names its content; once accepted, the digest is kept for the next check-in.
    expect(post.headers["x-fleetprint-digest"]).toBe(contentDigest(post));
    expect(fs.readFileSync(path.join(rig.state, "accepted-digest"), "utf8")).toBe(`${contentDigest(post)}\n`);
  });

  it("exits 4 with the server's message when the key is refused", async () => {
    giveHostKey("hk_revoked");
    rig.api.answers = [unauthorized];
    const run = await send();
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("host key revoked");
    expect(run.stderr).toContain("401");
  });

  it("enrolls first, stores the host key 0600 in a 0700 directory, then sends", async () => {
    rig.api.answers = [{ status: 201, json: { hostKey: "hk_new_7d21e9" } }, accepted];
    const run = await send(["--enroll-secret", 's3cr"et']);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(posts().map((s) => s.url)).toEqual(["/api/v1/enroll", "/api/v1/fingerprints"]);
    expect(JSON.parse(posts()[0].body.toString())).toEqual({ secret: 's3cr"et', hostname: "web-1", machineId: null });
    expect(posts()[1].headers.authorization).toBe("Bearer hk_new_7d21e9");
    expect(fs.readFileSync(path.join(rig.state, "host-key"), "utf8").trim()).toBe("hk_new_7d21e9");
    expect(fs.statSync(path.join(rig.state, "host-key")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(rig.state).mode & 0o777).toBe(0o700);
  });

  it("re-enrolls once when the stored key is refused and a secret is given", async () => {
    giveHostKey("hk_from_before_rebuild");
    rig.api.answers = [unauthorized, { status: 201, json: { hostKey: "hk_fresh" } }, accepted];
    const run = await send(["--enroll-secret", "s"]);
    expect(run.code).toBe(0);
    expect(posts().map((s) => `${s.url} ${s.headers.authorization ?? ""}`)).toEqual([
      "/api/v1/fingerprints Bearer hk_from_before_rebuild",
      "/api/v1/enroll ",
      "/api/v1/fingerprints Bearer hk_fresh",
    ]);
  });

  it("does not loop when the fresh key is refused too", async () => {
    giveHostKey("hk_old");
    rig.api.answers = [unauthorized, { status: 201, json: { hostKey: "hk_fresh" } }, unauthorized];
    const run = await send(["--enroll-secret", "s"]);
    expect(run.code).toBe(4);
    expect(posts()).toHaveLength(3);
  });

  it("exits 4 with the message when enrollment is refused", async () => {
    rig.api.answers = [{ status: 403, json: { error: { code: "forbidden", message: "enrollment secret is wrong" } } }];
    const run = await send(["--enroll-secret", "wrong"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("enrollment secret is wrong");
    expect(fs.existsSync(path.join(rig.state, "host-key"))).toBe(false);
  });

  it("exits 2 when not enrolled and no secret is given", async () => {
    const run = await send();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--enroll-secret");
  });

  it("exits 3 when the server cannot be reached", async () => {
    giveHostKey("hk_x");
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await runAgent(["--server", `http://127.0.0.1:${port}`, "--state-dir", rig.state, "--root", rig.root, "--hostname", "h"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("cannot reach");
  });

  it.skipIf(!BUSYBOX)("sends plain JSON with BusyBox wget, which cannot post binary bodies", async () => {
    const bin = busyboxDir(["wget"]);
    try {
      giveHostKey("hk_busybox");
      rig.api.answers = [accepted];
      const run = await runAgent(
        ["--server", rig.api.url, "--state-dir", rig.state, "--root", rig.root, "--hostname", "bb-1"],
        { env: { PATH: bin }, shell: [BUSYBOX as string, "sh"] },
      );
      expect(run.code).toBe(0);
      expect(posts()[0].headers["content-encoding"]).toBeUndefined();
      expect(posts()[0].headers.authorization).toBe("Bearer hk_busybox");
      expect(reportOf(posts()[0]).hostname).toBe("bb-1");
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("sends with wget when curl is missing", async () => {
    const bin = toolDir([...BASE_TOOLS, "wget"]);
    try {
      if (!fs.existsSync(path.join(bin, "wget"))) return;
      giveHostKey("hk_wget");
      rig.api.answers = [accepted];
      const run = await send([], { PATH: bin, HOME: "/nonexistent" });
      expect(run.code).toBe(0);
      expect(posts()[0].headers.authorization).toBe("Bearer hk_wget");
      expect(reportOf(posts()[0]).hostname).toBe("web-1");

      // --no-checkin: the first run stored a digest, and these must reach the report route.
      rig.api.answers = [unauthorized];
      const refused = await send(["--no-checkin"], { PATH: bin, HOME: "/nonexistent" });
      expect(refused.code).toBe(4);
      // GNU wget never hands over the body of a 401, so the agent explains the status itself.
      expect(refused.stderr).toContain("HTTP 401");
      expect(refused.stderr).toContain("enroll again");

      rig.api.answers = [{ status: 413, json: { error: { code: "too_large", message: "report exceeds 50 MB" } } }];
      const tooLarge = await send(["--no-checkin"], { PATH: bin, HOME: "/nonexistent" });
      expect(tooLarge.code).toBe(4);
      expect(tooLarge.stderr).toContain("report exceeds 50 MB");
      expect(posts().map((r) => r.url)).toEqual(Array(3).fill("/api/v1/fingerprints"));
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
