import { describe, expect, it } from "vitest";
import { parseApkInstalled } from "./parse-apk";

// /lib/apk/db/installed of an Alpine 3.18 (aarch64) container, two entries.
const ALPINE = `C:Q1VciVehQwKlHzJI0nfN7QbxBneOU=
P:musl
V:1.2.4-r1
A:aarch64
S:398854
I:675840
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1690477896
c:a6e14d1837131339f85ff337fbd4ecb8886945ae
p:so:libc.musl-aarch64.so.1=1
F:lib
R:ld-musl-aarch64.so.1
a:0:0:755
Z:Q1Vd4Lpar6qryZj5BP4riPzeSuc/c=
R:libc.musl-aarch64.so.1
a:0:0:777
Z:Q14RpiCEfZIqcg1XDcVqp8QEpc9ks=

C:Q1IKHbsxlRheYEiOxSpa6D7WErOC0=
P:musl-utils
V:1.2.4-r1
A:aarch64
S:38564
I:286720
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT AND BSD-2-Clause AND GPL-2.0-or-later
o:musl
D:scanelf so:libc.musl-aarch64.so.1
p:cmd:getconf=1.2.4-r1 cmd:getent=1.2.4-r1 cmd:iconv=1.2.4-r1 cmd:ldconfig=1.2.4-r1 cmd:ldd=1.2.4-r1
F:sbin
R:ldconfig
a:0:0:755
Z:Q1Kja2+POZKxEkUOZqwSjC6kmaED4=

`;

describe("parseApkInstalled", () => {
  it("reads P, V and A of each entry", () => {
    expect(parseApkInstalled(ALPINE)).toEqual([
      { manager: "apk", name: "musl", version: "1.2.4-r1", arch: "aarch64" },
      { manager: "apk", name: "musl-utils", version: "1.2.4-r1", arch: "aarch64" },
    ]);
  });

  it("does not take file lines for fields and skips entries without a version", () => {
    const text = "P:busybox\nV:1.36.1-r2\nA:x86_64\nF:bin\nR:busybox\nZ:Q1abc=\n\nP:broken\nA:x86_64\n";
    expect(parseApkInstalled(text)).toEqual([{ manager: "apk", name: "busybox", version: "1.36.1-r2", arch: "x86_64" }]);
  });

  it("handles CRLF, a missing final blank line and an empty database", () => {
    expect(parseApkInstalled(ALPINE.replace(/\n/g, "\r\n").trimEnd())).toEqual(parseApkInstalled(ALPINE));
    expect(parseApkInstalled("")).toEqual([]);
  });
});
