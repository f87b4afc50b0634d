import { describe, expect, it } from "vitest";
import { computeConsensus, type CohortMember } from "./snowflake-consensus";
import { conffile, deb, OPENSSL, PHP_INI, plainFile, webHost, withConfigs, withoutPackages, withPackages } from "./test-fixtures";

const base = webHost();
const m = (hash: string, fingerprint = base, hosts = 1): CohortMember => ({ hash, fingerprint, hosts });

describe("computeConsensus", () => {
  it("takes the modal version weighted by hosts and the share having each package", () => {
    const c = computeConsensus([
      m("a", base, 25),
      m("b", withPackages(base, deb("openssl", "3.0.15-1~deb12u1")), 10),
      m("c", withoutPackages(base, "openssl"), 5),
    ]);
    expect(c.hosts).toBe(40);
    const openssl = c.packages.get("openssl")!;
    expect(openssl).toMatchObject({ present: 35, modal: OPENSSL, modalHosts: 25 });
    expect(Object.fromEntries(openssl.values)).toEqual({ [OPENSSL]: 25, "3.0.15-1~deb12u1": 10 });
    expect(c.packages.get("apache2")!.present).toBe(40);
  });

  it("breaks ties by the smallest value so the result never depends on order", () => {
    const x = withPackages(base, deb("curl", "7.88.1-10+deb12u8"));
    const one = computeConsensus([m("a", base, 2), m("b", x, 2)]);
    const two = computeConsensus([m("b", x, 2), m("a", base, 2)]);
    expect(one.packages.get("curl")!.modal).toBe("7.88.1-10+deb12u12");
    expect(two.packages.get("curl")!.modal).toBe("7.88.1-10+deb12u12");
  });

  it("records modal config hashes and whether that copy is pristine", () => {
    const edited = conffile(PHP_INI, "libapache2-mod-php8.2", "managed", true);
    const pristine = computeConsensus([m("a", base, 3), m("b", withConfigs(base, edited), 1)]).configs.get(PHP_INI)!;
    expect(pristine).toMatchObject({ present: 4, modalHosts: 3, modalPristine: true, package: "libapache2-mod-php8.2" });
    const managed = computeConsensus([m("a", base, 1), m("b", withConfigs(base, edited), 3)]).configs.get(PHP_INI)!;
    expect(managed).toMatchObject({ modal: edited.sha256, modalPristine: false });
  });

  it("leaves ignored paths out", () => {
    const host = withConfigs(base, plainFile("/etc/network/interfaces", "address 10.0.0.2"));
    expect(computeConsensus([m("a", host)]).configs.has("/etc/network/interfaces")).toBe(false);
    expect(computeConsensus([m("a", host)], []).configs.has("/etc/network/interfaces")).toBe(true);
  });

  it("is empty for an empty cohort", () => {
    expect(computeConsensus([])).toEqual({ hosts: 0, configHosts: 0, packages: new Map(), configs: new Map() });
  });
});
