import { describe, expect, it } from "vitest";
import { compareSecurityFirst, isSecurityPath, SECURITY_GLOBS, securityAreaOf } from "./security-paths";

describe("isSecurityPath", () => {
  it.each([
    "/etc/sudoers",
    "/etc/sudoers.d/ops",
    "/etc/passwd",
    "/etc/group",
    "/etc/shadow",
    "/etc/shadow-",
    "/etc/gshadow",
    "/etc/ssh/sshd_config",
    "/etc/ssh/sshd_config.d/50-cloud.conf",
    "/etc/pam.d/common-auth",
    "/etc/security/limits.conf",
    "/etc/crontab",
    "/etc/cron.d/backup",
    "/etc/cron.daily/logrotate",
    "/var/spool/cron/crontabs/root",
    "/etc/systemd/system/app.service",
    "/etc/systemd/system/multi-user.target.wants/app.service",
    "/lib/systemd/system/ssh.service",
    "/usr/lib/systemd/system/sshd.service",
    "/etc/apt/sources.list",
    "/etc/apt/sources.list.d/nodesource.list",
    "/etc/apt/trusted.gpg",
    "/etc/apt/trusted.gpg.d/ops.gpg",
    "/etc/apt/keyrings/docker.asc",
    "/usr/share/keyrings/debian-archive-keyring.gpg",
  ])("%s is security-relevant", (p) => expect(isSecurityPath(p)).toBe(true));

  it.each(["/etc/php/8.2/apache2/php.ini", "/etc/logrotate.d/apache2", "/etc/sudoers.bak", "/etc/passwd-", "/etc/groups", "/etc/cron", "/etc/apt/apt.conf.d/10periodic", "sudo", "openssh-server", "/etc/systemd/journald.conf"])(
    "%s is not",
    (p) => expect(isSecurityPath(p)).toBe(false),
  );

  it("names the area", () => {
    expect(securityAreaOf("/etc/sudoers.d/ops")).toBe("sudoers");
    expect(securityAreaOf("/etc/ssh/sshd_config")).toBe("sshd");
    expect(securityAreaOf("/etc/php.ini")).toBeNull();
  });

  it("sorts security paths first and keeps the rest equal", () => {
    const list = ["/etc/logrotate.d/a", "/etc/sudoers.d/ops", "/etc/php.ini", "/etc/ssh/sshd_config"];
    expect([...list].sort(compareSecurityFirst)).toEqual(["/etc/sudoers.d/ops", "/etc/ssh/sshd_config", "/etc/logrotate.d/a", "/etc/php.ini"]);
    expect(compareSecurityFirst("/etc/a", "/etc/b")).toBe(0);
  });

  it("is one list", () => expect(new Set(SECURITY_GLOBS).size).toBe(SECURITY_GLOBS.length));
});
