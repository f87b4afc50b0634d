// End to end over real HTTP on both databases: the real agent on a Debian root whose rpm database is garbage (the
// `rpm` tool installed here) sends its dpkg packages and the rpm error; the host keeps the error through unchanged
// runs and loses it with the first run that reads every source, its fingerprint the same throughout.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parseDpkgStatus } from "@/lib/core/parse-dpkg";
import { api, uniqueName } from "./support/api";

const hasRpm = !spawnSync("rpm", ["--version"]).error;
const STATUS = fs.readFileSync(path.resolve(__dirname, "../../fixtures/debian-12/status"), "utf8");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fp-collector-it-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasRpm).each(inject("servers"))("agent with an unreadable rpm database → server on $kind", ({ url }) => {
  const a = api(url);

  it("sends what it read with the error, keeps it while nothing changes, clears it once rpm reads again", async () => {
    const fleet = uniqueName("rpmerr");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
    const root = path.join(work, fleet);
    fs.mkdirSync(path.join(root, "var/lib/dpkg"), { recursive: true });
    fs.mkdirSync(path.join(root, "var/lib/rpm"), { recursive: true });
    fs.writeFileSync(path.join(root, "var/lib/dpkg/status"), STATUS);
    fs.writeFileSync(path.join(root, "var/lib/rpm/rpmdb.sqlite"), "this is not a database\n".repeat(400));
    const run = () =>
      spawnSync("sh", ["agent/fleetprint-agent.sh", "--server", url, "--enroll-secret", secret, "--state-dir", path.join(work, `state-${fleet}`), "--root", root, "--hostname", "deb-rpm-1", "--config-paths", ""], {
        encoding: "utf8",
      });
    const detail = async () => (await a.call("GET", `/api/v1/hosts/deb-rpm-1?fleet=${fleet}`)).json;

    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("warning: rpm: rpm database unreadable: sqlite failure");
    const d1 = await detail();
    expect(d1.host.collectorErrors).toEqual([{ collector: "rpm", message: expect.stringMatching(/^rpm database unreadable: sqlite failure: .*file is not a database$/) }]);
    expect(d1.fingerprint.packages.length).toBe(parseDpkgStatus(STATUS).packages.length);

    // Nothing changed: an unchanged check-in, the error stays.
    expect(run().status).toBe(0);
    const d2 = await detail();
    expect(d2.host.collectorErrors).toEqual(d1.host.collectorErrors);
    expect(d2.history.filter((e: { event: string }) => e.event === "fingerprint")).toHaveLength(1);

    // The database is repaired (here: gone, as on a host where rpm was only a stray tool): the same packages, no error.
    fs.rmSync(path.join(root, "var/lib/rpm"), { recursive: true });
    const fixed = run();
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stderr).toBe("");
    const d3 = await detail();
    expect(d3.host.collectorErrors).toBeNull();
    expect(d3.host.fingerprint).toBe(d1.host.fingerprint);
  }, 120_000);
});
