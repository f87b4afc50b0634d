import { describe, expect, it } from "vitest";
import { sideBySide, diffFingerprints, type DiffRow } from "./diff";
import { countChanges, describeChanges, emptyCounts } from "./diff-summary";
import { conffile, deb, PHP_INI, webHost, withConfigs, withoutPackages, withPackages } from "./test-fixtures";

const pkg = (key: string, left: string | null, right: string | null, status: DiffRow["status"]): DiffRow => ({ section: "package", key, left, right, status });
const cfg = (key: string, left: string | null, right: string | null, status: DiffRow["status"]): DiffRow => ({ section: "config", key, left, right, status });

describe("countChanges", () => {
  it("tells upgrades from downgrades by dpkg order, and counts additions, removals and config changes", () => {
    const c = countChanges([
      pkg("openssl", "3.0.17-1~deb12u2", "3.0.17-1~deb12u3", "differs"),
      pkg("apache2", "2.4.62-1~deb12u2", "2.4.62-1~deb12u10", "differs"),
      pkg("curl", "7.88.1-10+deb12u9", "7.88.1-10+deb12u8", "differs"),
      pkg("kernel", "5.14.0-1, 5.14.0-2", "5.14.0-2, 5.14.0-3", "differs"),
      pkg("php8.2-gd", null, "8.2.29-1~deb12u1", "only-right"),
      pkg("cron", "3.0pl1-162", null, "only-left"),
      pkg("bash", "5.2.15-2+b7", "5.2.15-2+b7", "same"),
      cfg("/etc/php.ini", "a".repeat(64), "b".repeat(64), "differs"),
      cfg("/etc/new", null, "c".repeat(64), "only-right"),
      cfg("/etc/hostname", "d".repeat(64), "e".repeat(64), "ignored"),
    ], 1);
    expect(c.packages).toEqual({ upgraded: 2, downgraded: 1, changed: 1, added: 1, removed: 1 });
    expect(c.configs).toEqual({ changed: 1, added: 1, removed: 0 });
    expect(c.os).toBe(1);
    expect(c.total).toBe(9);
  });

  it("agrees with the side-by-side rows of two real fingerprints", () => {
    const before = webHost();
    const after = withConfigs(
      withoutPackages(withPackages(before, deb("openssl", "3.0.17-1~deb12u3"), deb("php8.2-gd", "8.2.29-1~deb12u1")), "cron"),
      conffile(PHP_INI, "libapache2-mod-php8.2", "memory_limit=1G", true),
    );
    const c = countChanges(sideBySide(before, after), diffFingerprints(before, after).os.length);
    expect(c.packages).toMatchObject({ upgraded: 1, added: 1, removed: 1 });
    expect(c.configs.changed).toBe(1);
    expect(describeChanges(c)).toBe("1 package upgraded, 1 added, 1 removed, 1 config changed");
  });
});

describe("describeChanges", () => {
  it("names the noun once per section, with plurals", () => {
    const c = emptyCounts();
    c.packages.upgraded = 3;
    c.packages.added = 1;
    c.configs.changed = 2;
    expect(describeChanges(c)).toBe("3 packages upgraded, 1 added, 2 configs changed");
    c.packages.upgraded = 0;
    c.configs.changed = 1;
    c.os = 2;
    expect(describeChanges(c)).toBe("1 package added, 1 config changed, 2 OS facts changed");
  });

  it("says so when nothing changed", () => {
    expect(describeChanges(emptyCounts())).toBe("no change");
  });
});
