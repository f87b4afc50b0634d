import { describe, expect, it } from "vitest";
import { compileGlobs, globToRegExp, matchesAny } from "./glob";

describe("globToRegExp", () => {
  it("keeps * inside one segment", () => {
    const re = globToRegExp("/etc/ssh/ssh_host_*");
    expect(re.test("/etc/ssh/ssh_host_ed25519_key")).toBe(true);
    expect(re.test("/etc/ssh/ssh_host_rsa_key.pub")).toBe(true);
    expect(re.test("/etc/ssh/ssh_host_")).toBe(true);
    expect(re.test("/etc/ssh/sshd_config")).toBe(false);
    expect(re.test("/etc/ssh/ssh_host_keys/old")).toBe(false);
  });

  it("matches backup files like passwd- directly under /etc only", () => {
    const re = globToRegExp("/etc/*-");
    expect(re.test("/etc/passwd-")).toBe(true);
    expect(re.test("/etc/gshadow-")).toBe(true);
    expect(re.test("/etc/passwd")).toBe(false);
    expect(re.test("/etc/apache2/ports.conf-")).toBe(false);
  });

  it("lets ** cross segments, including zero of them", () => {
    const re = globToRegExp("/etc/fleetprint/**");
    expect(re.test("/etc/fleetprint/token")).toBe(true);
    expect(re.test("/etc/fleetprint/state/last.json")).toBe(true);
    expect(re.test("/etc/fleetprintx/token")).toBe(false);

    const mid = globToRegExp("/etc/**/php.ini");
    expect(mid.test("/etc/php.ini")).toBe(true);
    expect(mid.test("/etc/php/8.2/apache2/php.ini")).toBe(true);
    expect(mid.test("/etc/php/8.2/apache2/php.ini.bak")).toBe(false);

    expect(globToRegExp("**/*.dpkg-old").test("/etc/apache2/apache2.conf.dpkg-old")).toBe(true);
    expect(globToRegExp("**").test("/anything/at/all")).toBe(true);
  });

  it("treats ? as one character within a segment", () => {
    const re = globToRegExp("/etc/php/8.?/apache2/php.ini");
    expect(re.test("/etc/php/8.2/apache2/php.ini")).toBe(true);
    expect(re.test("/etc/php/8.10/apache2/php.ini")).toBe(false);
    expect(globToRegExp("/a?b").test("/a/b")).toBe(false);
  });

  it("treats regex characters literally", () => {
    expect(globToRegExp("/etc/php/8.2/php.ini").test("/etc/php/8x2/php.ini")).toBe(false);
    expect(globToRegExp("/etc/a+b(1)[x]").test("/etc/a+b(1)[x]")).toBe(true);
    expect(globToRegExp("/etc/$HOME^").test("/etc/$HOME^")).toBe(true);
  });
});

describe("matchesAny / compileGlobs", () => {
  it("matches when any glob matches", () => {
    const globs = ["/etc/hostname", "/etc/ssh/ssh_host_*", "/etc/fleetprint/**"];
    expect(matchesAny("/etc/hostname", globs)).toBe(true);
    expect(matchesAny("/etc/ssh/ssh_host_ecdsa_key", globs)).toBe(true);
    expect(matchesAny("/etc/fleetprint/agent.conf", globs)).toBe(true);
    expect(matchesAny("/etc/hostname.bak", globs)).toBe(false);
    expect(matchesAny("/etc/apache2/apache2.conf", globs)).toBe(false);
  });

  it("never matches with an empty list", () => {
    expect(matchesAny("/etc/hostname", [])).toBe(false);
    expect(compileGlobs([])("/")).toBe(false);
  });

  it("reuses one matcher for equal lists", () => {
    const a = compileGlobs(["/etc/*.conf"]);
    expect(a("/etc/adduser.conf")).toBe(true);
    expect(a("/etc/apache2/apache2.conf")).toBe(false);
  });
});
