// Four eyes on the rebuild policy itself. A policy that lets the server act alone (a new rebuild provider, turning
// automatic rebuilds on, fewer approvals) is as powerful as running the rebuild: one admin must not be able to
// set it and use it. Such a change waits for a second admin; anything that only narrows what can happen applies
// at once.

export interface PolicyFields {
  approvalsRequired?: number;
  autoRebuild?: boolean;
  batchSize?: number;
  canary?: boolean;
  requestTtlHours?: number;
  verifyMinutes?: number;
  rebuildAttempts?: number;
  provider?: unknown;
  reportingIntervalMinutes?: number;
  /** null: the product default. */
  snowflakeThreshold?: number | null;
  collectContent?: boolean;
}

export interface PolicySplit<T extends PolicyFields> {
  /** Applies now. */
  immediate: Partial<T>;
  /** Waits for a second admin; null when nothing sensitive changes. */
  sensitive: Partial<T> | null;
  /** Why it waits, for the requester and the approver. */
  reasons: string[];
}

/** JSON with sorted keys: jsonb does not keep key order, so configs are compared by content. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

export const sameConfig = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Splits a requested change against the policy in effect. Turning automatic rebuilds on carries the provider that
 * would run (the one in effect after the immediate part, unless the change names one), so the approver approves
 * exactly what will run unattended.
 */
export function splitPolicyChange<T extends PolicyFields>(current: T, input: Partial<T>): PolicySplit<T> {
  const immediate: Partial<T> = {};
  const sensitive: Partial<T> = {};
  const reasons: string[] = [];
  for (const key of Object.keys(input) as (keyof T & string)[]) {
    const value = input[key];
    if (value === undefined) continue;
    if (key === "provider") {
      if (value === null) immediate[key] = value; // removing the provider stops rebuilds: harmless
      else if (!sameConfig(value, current.provider)) {
        sensitive[key] = value;
        reasons.push("it changes the rebuild provider");
      }
    } else if (key === "autoRebuild") {
      if (value === true && !current.autoRebuild) {
        sensitive[key] = value;
        reasons.push("it turns automatic rebuilds on");
      } else if (value !== current.autoRebuild) immediate[key] = value;
    } else if (key === "approvalsRequired") {
      if ((value as number) < (current.approvalsRequired ?? 1)) {
        sensitive[key] = value;
        reasons.push(`it lowers the approvals a rebuild needs from ${current.approvalsRequired} to ${value}`);
      } else if (value !== current.approvalsRequired) immediate[key] = value;
    } else if (value !== current[key]) immediate[key] = value;
  }
  if (!reasons.length) return { immediate, sensitive: null, reasons };
  if (sensitive.autoRebuild && !("provider" in sensitive)) {
    sensitive.provider = ("provider" in immediate ? immediate.provider : (current.provider ?? null)) as T["provider"];
  }
  return { immediate, sensitive, reasons };
}

/** One line per field, for the pending-change card and the audit log. */
export function describePolicyChange(change: PolicyFields): string[] {
  const lines: string[] = [];
  if (change.provider !== undefined) lines.push(`Rebuild provider: ${describeProvider(change.provider)}`);
  if (change.autoRebuild !== undefined) lines.push(`Automatic rebuilds: ${change.autoRebuild ? "on" : "off"}`);
  if (change.approvalsRequired !== undefined) lines.push(`Approvals required: ${change.approvalsRequired}`);
  if (change.batchSize !== undefined) lines.push(`Batch size: ${change.batchSize}`);
  if (change.canary !== undefined) lines.push(`Canary first: ${change.canary ? "yes" : "no"}`);
  if (change.requestTtlHours !== undefined) lines.push(`Requests expire after: ${change.requestTtlHours} h`);
  if (change.verifyMinutes !== undefined) lines.push(`Verification window: ${change.verifyMinutes} min`);
  if (change.rebuildAttempts !== undefined) lines.push(`Provider attempts per host: ${change.rebuildAttempts}`);
  if (change.reportingIntervalMinutes !== undefined) lines.push(`Not reporting after: ${change.reportingIntervalMinutes} min`);
  if (change.snowflakeThreshold !== undefined) lines.push(`Snowflake threshold: ${change.snowflakeThreshold ?? "product default"}`);
  if (change.collectContent !== undefined) lines.push(`Collect config file content: ${change.collectContent ? "on" : "off"}`);
  return lines;
}

export function describeProvider(p: unknown): string {
  if (!p || typeof p !== "object") return "none";
  const c = p as Record<string, unknown>;
  const detail =
    c.kind === "command" && Array.isArray(c.argv)
      ? c.argv.join(" ")
      : c.kind === "webhook" && typeof c.url === "string"
        ? `${c.format ?? "generic"} ${c.url}`
        : typeof c.app === "string"
          ? `app ${c.app}`
          : typeof c.image === "string" || typeof c.image === "number"
            ? `image ${c.image}`
            : "";
  return `${String(c.kind)}${detail ? ` (${detail})` : ""}`;
}

export interface AppliedChange {
  change: PolicyFields;
  requestedBy: string;
  decidedBy: string | null;
}

/**
 * Before the server rebuilds on its own: were automatic rebuilds and the provider in effect both set by a
 * change a second admin approved? `history` is the fleet's applied changes, newest first. A fleet configured
 * before four eyes existed (or behind the app's back) has no such record, and is refused until approved.
 */
export function autoRebuildApproval(fleet: { autoRebuild: boolean; provider: unknown }, history: AppliedChange[]): { ok: true } | { ok: false; reason: string } {
  const approved = (c: AppliedChange) => c.decidedBy !== null && c.decidedBy !== c.requestedBy;
  const lastAuto = history.find((c) => c.change.autoRebuild !== undefined);
  if (!fleet.autoRebuild || !lastAuto || lastAuto.change.autoRebuild !== true || !approved(lastAuto)) {
    return { ok: false, reason: "automatic rebuilds were not turned on by a policy change a second admin approved" };
  }
  const lastProvider = history.find((c) => c.change.provider !== undefined);
  if (!lastProvider || !approved(lastProvider) || !sameConfig(lastProvider.change.provider, fleet.provider)) {
    return { ok: false, reason: "the rebuild provider in effect is not the one a second admin approved" };
  }
  return { ok: true };
}
