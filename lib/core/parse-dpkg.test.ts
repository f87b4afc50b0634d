import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dpkgState, parseDeb822, parseDpkgStatus } from "./parse-dpkg";

// base-files, libc6:amd64 and dpkg are Debian 12 stanzas from /var/lib/dpkg/status (long fields
// trimmed). The rest are modeled on them to cover the other states: a foreign-arch libc6, an
// obsolete conffile, a removed-not-purged package, a half-configured one, a pending trigger.
const BOOKWORM = `Package: base-files
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 341
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 12.4+deb12u11
Replaces: base, dpkg (<= 1.15.0), miscutils
Provides: base
Pre-Depends: awk
Conffiles:
 /etc/debian_version 8031d1483ffa9c819e6be94c6c77fd2a
 /etc/dpkg/origins/debian c47b6815f67ad1aeccb0d4529bd0b990
 /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
 /etc/issue 349d61a0e072d678e3e94923f0c3ce0e
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system, and
 several important miscellaneous files, such as /etc/debian_version,
 /etc/host.conf, /etc/issue, /etc/motd, /etc/profile, and others,
 and the text of several common licenses in use on Debian systems.

Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 13001
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Replaces: libc6-amd64
Depends: libgcc-s1
Conffiles:
 /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system. This package includes shared versions of the standard C library
 and the standard math library, as well as many others.
Homepage: https://www.gnu.org/software/libc/libc.html

Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12220
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Depends: libgcc-s1
Conffiles:
 /etc/ld.so.conf.d/i386-linux-gnu.conf 2f4b2fce3b5b3b9b9d5a5c8d2d9b7e3a
Description: GNU C Library: Shared libraries
Homepage: https://www.gnu.org/software/libc/libc.html

Package: dpkg
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 6443
Maintainer: Dpkg Developers <debian-dpkg@lists.debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 1.21.22
Conffiles:
 /etc/alternatives/README 7be88b21f7e386c8d5a8790c2461c92b
 /etc/cron.daily/dpkg 94bb6c1363245e46256908a5d52ba4fb obsolete
 /etc/dpkg/dpkg.cfg f4413ffb515f8f753624ae3bb365b81b
 /etc/logrotate.d/alternatives 5fe0af6ce1505fefdc158d9e5dbf6286
 /etc/logrotate.d/dpkg 9e25c8505966b5829785f34a548ae11f
Description: Debian package management system
 This package provides the low-level infrastructure for handling the
 installation and removal of Debian software packages.
Homepage: https://wiki.debian.org/Teams/Dpkg

Package: php7.4-common
Status: deinstall ok config-files
Priority: optional
Section: php
Installed-Size: 8136
Maintainer: Debian PHP Maintainers <team+pkg-php@tracker.debian.org>
Architecture: amd64
Source: php7.4
Version: 7.4.33-1+deb11u5
Config-Version: 7.4.33-1+deb11u5
Conffiles:
 /etc/php/7.4/mods-available/calendar.ini 8a9ab1d9e9a2e2b1a4f0b5d9e8c2a6f1
 /etc/php/7.4/mods-available/ctype.ini 62e6d1f6f4d7b5e0f3c8f5b8e2d4c1a7
Description: documentation, examples and common module for PHP

Package: apache2
Status: install ok half-configured
Priority: optional
Section: httpd
Architecture: amd64
Version: 2.4.62-1~deb12u2
Conffiles:
 /etc/apache2/apache2.conf 354c9e6d2b88a0a3e0548f853840674c
 /etc/apache2/ports.conf newconffile
Description: Apache HTTP Server

Package: man-db
Status: install ok triggers-pending
Priority: standard
Section: doc
Architecture: amd64
Version: 2.11.2-2
Triggers-Pending: /usr/share/man
Description: tools for reading manual pages

Package: cron
Status: purge ok not-installed
Priority: important
Section: admin
Architecture: amd64
`;

describe("parseDpkgStatus", () => {
  const status = parseDpkgStatus(BOOKWORM);

  it("keeps configured packages only, both arches of a Multi-Arch: same one", () => {
    expect(status.packages).toEqual([
      { manager: "dpkg", name: "base-files", version: "12.4+deb12u11", arch: "amd64" },
      { manager: "dpkg", name: "dpkg", version: "1.21.22", arch: "amd64" },
      { manager: "dpkg", name: "libc6", version: "2.36-9+deb12u14", arch: "amd64" },
      { manager: "dpkg", name: "libc6", version: "2.36-9+deb12u14", arch: "i386" },
      { manager: "dpkg", name: "man-db", version: "2.11.2-2", arch: "amd64" },
    ]);
  });

  it("takes the native arch from the dpkg package itself", () => {
    expect(status.arch).toBe("amd64");
    const noDpkg = BOOKWORM.replace("Package: dpkg\n", "Package: dpkg-lookalike\n");
    expect(parseDpkgStatus(noDpkg).arch).toBe("amd64");
    expect(parseDpkgStatus("").arch).toBeNull();
  });

  it("lists conffiles with their package, md5 and obsolete flag", () => {
    const byPath = new Map(status.conffiles.map((c) => [c.path, c]));
    expect(byPath.get("/etc/host.conf")).toEqual({
      path: "/etc/host.conf",
      md5: "4eb63731c9f5e30903ac4fc07a7fe3d6",
      package: "base-files",
      obsolete: false,
    });
    expect(byPath.get("/etc/cron.daily/dpkg")).toMatchObject({ package: "dpkg", obsolete: true });
    // Removed-but-not-purged packages still own their files on disk.
    expect(byPath.get("/etc/php/7.4/mods-available/calendar.ini")?.package).toBe("php7.4-common");
    // A half-configured package's new conffile has no md5 yet.
    expect(byPath.get("/etc/apache2/ports.conf")?.md5).toBe("newconffile");
    expect(status.conffiles.map((c) => c.path)).toEqual([...byPath.keys()].sort());
  });

  it("prefers the live entry when a conffile moved to another package", () => {
    const moved = `Package: old-owner
Status: install ok installed
Architecture: all
Version: 1
Conffiles:
 /etc/shared.conf 11111111111111111111111111111111 obsolete

Package: new-owner
Status: install ok installed
Architecture: all
Version: 2
Conffiles:
 /etc/shared.conf 22222222222222222222222222222222
`;
    expect(parseDpkgStatus(moved).conffiles).toEqual([
      { path: "/etc/shared.conf", md5: "22222222222222222222222222222222", package: "new-owner", obsolete: false },
    ]);
  });

  it("skips a damaged stanza without a version instead of failing the report", () => {
    const damaged = `${BOOKWORM}\nPackage: half-written\nStatus: install ok installed\nArchitecture: amd64\n`;
    expect(parseDpkgStatus(damaged).packages).toEqual(status.packages);
  });

  it("reads CRLF files with trailing blanks and whitespace-only separators the same", () => {
    const messy = BOOKWORM.split("\n")
      .map((line) => (line === "" ? "   " : `${line}  `))
      .join("\r\n");
    expect(parseDpkgStatus(messy)).toEqual(status);
  });

  it("reads the Debian 12 web server fixture", () => {
    const text = fs.readFileSync(path.resolve(__dirname, "../../fixtures/debian-12/status"), "utf8");
    const fixture = parseDpkgStatus(text);
    expect(fixture.arch).toBe("amd64");
    expect(fixture.packages.length).toBeGreaterThanOrEqual(250);
    expect(fixture.packages.length).toBeLessThanOrEqual(450);
    const names = new Set(fixture.packages.map((p) => p.name));
    for (const name of ["apache2", "libapache2-mod-php8.2", "php8.2-mysql", "openssh-server", "unattended-upgrades"]) {
      expect(names).toContain(name);
    }
    expect(fixture.conffiles.find((c) => c.path === "/etc/apache2/apache2.conf")?.package).toBe("apache2");
    expect(fixture.conffiles.every((c) => /^[0-9a-f]{32}$/.test(c.md5))).toBe(true);
  });
});

describe("parseDeb822", () => {
  it("joins continuation lines and lower-cases field names", () => {
    const [first] = parseDeb822(BOOKWORM);
    expect(first["package"]).toBe("base-files");
    expect(first["description"].split("\n")).toHaveLength(5);
    expect(first["conffiles"].split("\n")[0]).toBe("");
  });
});

describe("dpkgState", () => {
  it("is the third word of Status", () => {
    expect(dpkgState("hold ok installed")).toBe("installed");
    expect(dpkgState("deinstall reinstreq half-installed")).toBe("half-installed");
    expect(dpkgState(undefined)).toBe("");
  });
});
