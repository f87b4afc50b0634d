import { describe, expect, it } from "vitest";
import { planBatches, rollupStatus, staleReasons, tallyApprovals } from "./rebuild-plan";

describe("planBatches", () => {
  const hosts = ["w1", "w2", "w3", "w4", "w5", "w6"];
  it("puts a canary alone first, then batches of the policy size", () => {
    expect(planBatches(hosts, { batchSize: 2, canary: true })).toEqual([["w1"], ["w2", "w3"], ["w4", "w5"], ["w6"]]);
  });
  it("without a canary, batches from the start", () => {
    expect(planBatches(hosts, { batchSize: 4, canary: false })).toEqual([["w1", "w2", "w3", "w4"], ["w5", "w6"]]);
  });
  it("a single host is its own canary; a nonsense batch size means one at a time", () => {
    expect(planBatches(["w1"], { batchSize: 3, canary: true })).toEqual([["w1"]]);
    expect(planBatches(["a", "b"], { batchSize: 0, canary: false })).toEqual([["a"], ["b"]]);
  });
});

describe("tallyApprovals", () => {
  it("never counts the requester", () => {
    const t = tallyApprovals([{ userId: "olivia", decision: "approve" }], "olivia", 1);
    expect(t).toMatchObject({ approvals: 0, approved: false });
  });
  it("needs N distinct approvers (N of M)", () => {
    const one = tallyApprovals([{ userId: "alice", decision: "approve" }], "olivia", 2);
    expect(one.approved).toBe(false);
    const two = tallyApprovals([{ userId: "alice", decision: "approve" }, { userId: "alice", decision: "approve" }, { userId: "bob", decision: "approve" }], "olivia", 2);
    expect(two).toMatchObject({ approvals: 2, approved: true });
  });
  it("one rejection is final", () => {
    const t = tallyApprovals([{ userId: "alice", decision: "approve" }, { userId: "bob", decision: "reject" }], "olivia", 1);
    expect(t).toMatchObject({ approved: false, rejected: true });
  });
});

describe("staleReasons", () => {
  const req = { specVersion: 3, hosts: [{ hostname: "w1", fingerprint: "aa" }, { hostname: "w2", fingerprint: "bb" }] };
  it("is empty while spec and hosts are as requested", () => {
    expect(staleReasons(req, { specVersion: 3, fingerprints: new Map([["w1", "aa"], ["w2", "bb"]]) })).toEqual([]);
  });
  it("names a new spec version and each changed or vanished host", () => {
    const r = staleReasons(req, { specVersion: 4, fingerprints: new Map([["w1", "cc"]]) });
    expect(r).toEqual(["the spec changed from v3 to v4", "w1 reported a new fingerprint since the request", "w2 no longer exists"]);
  });
});

describe("rollupStatus", () => {
  it("fails as soon as one host failed, succeeds when all did", () => {
    expect(rollupStatus(["succeeded", "failed", "waiting"])).toBe("failed");
    expect(rollupStatus(["succeeded", "skipped"])).toBe("succeeded");
    expect(rollupStatus(["succeeded", "queued"])).toBe("running");
    expect(rollupStatus(["succeeded", "verifying"])).toBe("verifying");
  });
});
