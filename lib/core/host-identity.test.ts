import { describe, expect, it } from "vitest";
import { decideEnrollment, describeIdentityEvent, enrollmentRecord, lastIdentityEvent } from "./host-identity";

const input = (hostname: string, machineId: string | null) => ({ fleet: "web", hostname, machineId });
const A = { id: 1, hostname: "web-01", machineId: "m1" };
const B = { id: 2, hostname: "web-02", machineId: "m2" };

describe("decideEnrollment", () => {
  it("a new hostname of an unknown machine is a first enrolment", () => {
    expect(decideEnrollment(input("web-03", "m3"), [])).toEqual({ kind: "enroll" });
    expect(decideEnrollment(input("web-03", null), [])).toEqual({ kind: "enroll" });
  });

  it("the same hostname with the same, no or a first machine id is a plain re-enrolment", () => {
    expect(decideEnrollment(input("web-01", "m1"), [A])).toEqual({ kind: "re-enroll", host: A });
    expect(decideEnrollment(input("web-01", null), [A])).toEqual({ kind: "re-enroll", host: A });
    const unknown = { ...A, machineId: null };
    expect(decideEnrollment(input("web-01", "m9"), [unknown])).toEqual({ kind: "re-enroll", host: unknown });
  });

  it("the same hostname with another machine id is a replacement of the record", () => {
    expect(decideEnrollment(input("web-01", "m9"), [A])).toEqual({ kind: "replace", host: A, previousMachineId: "m1", machineId: "m9" });
  });

  it("a known machine under a new hostname is a rename of its record", () => {
    expect(decideEnrollment(input("web-09", "m2"), [B])).toEqual({ kind: "rename", host: B, previousHostname: "web-02", hostname: "web-09" });
  });

  it("a known machine claiming another record's hostname is a conflict naming both", () => {
    const d = decideEnrollment(input("web-01", "m2"), [A, B]);
    expect(d.kind).toBe("conflict");
    if (d.kind === "conflict") expect(d.message).toMatch(/enrolled as host "web-02" of fleet "web", and "web-01" is another host/);
  });

  it("a machine id carried by several other records is a conflict listing them", () => {
    const twins = [B, { id: 3, hostname: "web-00", machineId: "m2" }];
    const d = decideEnrollment(input("web-09", "m2"), twins);
    expect(d).toMatchObject({ kind: "conflict" });
    if (d.kind === "conflict") expect(d.message).toMatch(/several hosts of fleet "web" \(web-00, web-02\)/);
  });

  it("the record of the name being this machine wins over stale twins", () => {
    expect(decideEnrollment(input("web-01", "m1"), [A, { id: 4, hostname: "old-01", machineId: "m1" }])).toEqual({ kind: "re-enroll", host: A });
  });
});

describe("enrollmentRecord", () => {
  it("names the event, the audit action and what changed", () => {
    expect(enrollmentRecord({ kind: "enroll" })).toEqual({ event: null, action: "host.enroll", detail: null });
    expect(enrollmentRecord({ kind: "re-enroll", host: A })).toEqual({ event: null, action: "host.re-enroll", detail: null });
    expect(enrollmentRecord({ kind: "replace", host: A, previousMachineId: "m1", machineId: "m9" })).toEqual({
      event: "replaced",
      action: "host.replace",
      detail: { previousMachineId: "m1", machineId: "m9" },
    });
    expect(enrollmentRecord({ kind: "rename", host: B, previousHostname: "web-02", hostname: "web-09" })).toEqual({
      event: "renamed",
      action: "host.rename",
      detail: { previousHostname: "web-02", hostname: "web-09" },
    });
  });
});

describe("lastIdentityEvent", () => {
  it("skips content events and finds the newest identity event", () => {
    const h = [{ event: "enrolled" as const }, { event: "replaced" as const, at: 1 }, { event: "fingerprint" as const }, { event: "rebuilt" as const }];
    expect(lastIdentityEvent(h)).toEqual({ event: "replaced", at: 1 });
    expect(lastIdentityEvent([...h, { event: "key-revoked" as const }])?.event).toBe("key-revoked");
    expect(lastIdentityEvent([{ event: "fingerprint" as const }])).toBeNull();
  });
});

describe("describeIdentityEvent", () => {
  it("says what an identity event changed, from its detail", () => {
    expect(describeIdentityEvent("replaced", { previousMachineId: "0123456789abcdef", machineId: "feed" })).toBe("machine id 0123456789ab… → feed; the previous key stopped working");
    expect(describeIdentityEvent("renamed", { previousHostname: "web-02", hostname: "web-09" })).toBe("was web-02");
    expect(describeIdentityEvent("key-revoked", { by: "ada@example.com" })).toBe("by ada@example.com; the host must enroll again");
    expect(describeIdentityEvent("key-revoked", { by: "ada@example.com", enrollSecretId: 7 })).toBe("by ada@example.com with enroll secret 7; the host must enroll again");
    expect(describeIdentityEvent("replaced", null)).toBeNull();
    expect(describeIdentityEvent("fingerprint", { by: "x" })).toBeNull();
  });
});
