import { describe, expect, it } from "vitest";
import { RPM_QUERY_FORMAT, parseRpmQa } from "./parse-rpm";

// `rpm -qa --qf "$RPM_QUERY_FORMAT"` on a Rocky Linux 9 host (excerpt).
const ROCKY9 = [
  "bash\t(none)\t5.1.8\t9.el9\tx86_64",
  "openssl\t1\t3.0.7\t27.el9\tx86_64",
  "httpd\t(none)\t2.4.57\t11.el9_4.1\tx86_64",
  "tzdata\t(none)\t2024a\t1.el9\tnoarch",
  "kernel-core\t(none)\t5.14.0\t427.13.1.el9_4\tx86_64",
  "kernel-core\t(none)\t5.14.0\t427.20.1.el9_4\tx86_64",
  "gpg-pubkey\t(none)\t350d275d\t6279464b\t(none)",
  "",
].join("\n");

describe("parseRpmQa", () => {
  it("reads name, [epoch:]version-release and arch", () => {
    expect(parseRpmQa(ROCKY9)).toEqual([
      { manager: "rpm", name: "bash", version: "5.1.8-9.el9", arch: "x86_64" },
      { manager: "rpm", name: "httpd", version: "2.4.57-11.el9_4.1", arch: "x86_64" },
      { manager: "rpm", name: "kernel-core", version: "5.14.0-427.13.1.el9_4", arch: "x86_64" },
      { manager: "rpm", name: "kernel-core", version: "5.14.0-427.20.1.el9_4", arch: "x86_64" },
      { manager: "rpm", name: "openssl", version: "1:3.0.7-27.el9", arch: "x86_64" },
      { manager: "rpm", name: "tzdata", version: "2024a-1.el9", arch: "noarch" },
    ]);
  });

  it("skips signing keys and malformed lines, tolerates CRLF", () => {
    expect(parseRpmQa("gpg-pubkey\t(none)\t8483c65d\t5ccc5b19\t(none)\n")).toEqual([]);
    expect(parseRpmQa("error: rpmdb open failed\nbash 5.1.8-9.el9.x86_64\n")).toEqual([]);
    expect(parseRpmQa("bash\t(none)\t5.1.8\t9.el9\tx86_64\r\n")).toHaveLength(1);
  });

  it("is the format rpm expands tabs and newlines in", () => {
    expect(RPM_QUERY_FORMAT).toBe("%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n");
  });
});
