import { describe, expect, it } from "vitest";
import { adoptDrift } from "./adopt";
import { computeDrift } from "./drift";
import { specFromFingerprint } from "./spec";
import { BOOKWORM, deb, PHP_INI, plainFile, symlink, webHost, withConfigs, withoutConfigs, withoutPackages, withPackages } from "./test-fixtures";

const golden = webHost();
const base = specFromFingerprint(golden);

describe("adoptDrift", () => {
  it("leaves the host with no drift when every item is adopted", () => {
    const host = withConfigs(
      withoutConfigs(withPackages(withoutPackages(golden, "curl"), deb("openssl", "3.0.18-1~deb12u1"), deb("strace", "6.1-0.1")), "/etc/apache2/apache2.conf"),
      plainFile(PHP_INI, "memory_limit = 512M"),
      symlink("/etc/new-link", "/opt/x"),
    );
    const drift = computeDrift(host, base);
    expect(new Set(drift.map((d) => d.kind)).size).toBeGreaterThanOrEqual(5);
    const next = adoptDrift(base, drift, host.os);
    expect(computeDrift(host, next)).toEqual([]);
    expect(next.packages.pins.strace).toBe("6.1-0.1");
    expect(next.configs.files["/etc/new-link"]).toBe("symlink:/opt/x");
    expect(next.packages.pins.curl).toBeUndefined();
  });

  it("adopts only the items given", () => {
    const host = withPackages(golden, deb("openssl", "3.0.18-1~deb12u1"), deb("strace", "6.1-0.1"));
    const drift = computeDrift(host, base);
    const next = adoptDrift(base, drift.filter((d) => d.subject === "strace"), host.os);
    expect(computeDrift(host, next).map((d) => d.subject)).toEqual(["openssl"]);
  });

  it("takes the host's OS release", () => {
    const host = { ...golden, os: { ...BOOKWORM, versionId: "13" } };
    const next = adoptDrift(base, computeDrift(host, base), host.os);
    expect(next.os).toEqual({ id: "debian", versionId: "13" });
  });
});
