import { describe, expect, it } from "vitest";
import { matchesAny } from "./glob";
import { DEFAULT_IGNORE, VOLATILE_PATHS } from "./host-specific";

describe("host-specific path lists", () => {
  it("ignore by default everything that is volatile", () => {
    expect(VOLATILE_PATHS.length).toBeGreaterThan(0);
    for (const glob of VOLATILE_PATHS) expect(DEFAULT_IGNORE).toContain(glob);
  });

  it.each(["/etc/network/interfaces", "/etc/netplan/01-netcfg.yaml", "/etc/letsencrypt/live/web-01.example.com/privkey.pem", "/etc/ssl/private/web.key"])(
    "keeps deployment-specific %s in the fingerprint but out of comparisons",
    (path) => {
      expect(matchesAny(path, VOLATILE_PATHS)).toBe(false);
      expect(matchesAny(path, DEFAULT_IGNORE)).toBe(true);
    },
  );

  it.each(["/etc/netplan/50-cloud-init.yaml", "/etc/network/interfaces.d/50-cloud-init", "/etc/lvm/backup/vg0", "/etc/apt/apt.conf.d/01autoremove-kernels"])(
    "drops generated per-instance file %s from identity",
    (path) => expect(matchesAny(path, VOLATILE_PATHS)).toBe(true),
  );

  it("leaves real configuration alone", () => {
    for (const path of ["/etc/fstab", "/etc/passwd", "/etc/sudoers", "/etc/apt/sources.list", "/etc/ssh/sshd_config", "/etc/php/8.2/apache2/php.ini"]) {
      expect(matchesAny(path, DEFAULT_IGNORE)).toBe(false);
    }
  });
});
