import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { describeProvider } from "@/lib/core/policy-change";
import { describeInterval } from "@/lib/core/reporting";
import { SNOWFLAKE_THRESHOLD } from "@/lib/core/snowflake";
import { requirePageRole } from "@/lib/server/auth";
import { countActiveAdmins } from "@/lib/services/count-admins";
import { findFleet } from "@/lib/services/find-fleet";
import { listPolicyChanges } from "@/lib/services/list-policy-changes";
import { policyOf } from "@/lib/services/set-fleet-policy";
import { orNotFound } from "@/lib/server/load-or-404";
import { Card, CardHeader } from "@/components/ui/stat";
import { PolicyChanges } from "./policy-changes";
import { PolicyForm } from "./policy-form";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · rebuild policy` };
}

export default async function PolicyPage({ params }: Props) {
  const me = await requirePageRole("viewer");
  const { name } = await params;
  const db = await getDb();
  const fleet = await orNotFound(findFleet(db, name));
  const policy = policyOf(fleet);
  const changes = await listPolicyChanges(db, fleet.name);
  const admins = me.role === "admin" ? await countActiveAdmins(db) : null;
  const facts: [string, string, string][] = [
    ["approvals", "Approvals a rebuild needs", String(policy.approvalsRequired)],
    ["auto", "Automatic rebuilds on a new spec version", policy.autoRebuild ? "on" : "off"],
    ["provider", "Rebuild provider", describeProvider(policy.provider)],
    ["batch", "Batch size", String(policy.batchSize)],
    ["canary", "Canary first", policy.canary ? "yes" : "no"],
    ["ttl", "Requests expire after", `${policy.requestTtlHours} h`],
    ["verify", "Verification window", `${policy.verifyMinutes} min`],
    ["attempts", "Provider attempts per host", `${policy.rebuildAttempts} (transient failures are tried again with backoff)`],
    ["reporting", "Not reporting after", `${describeInterval(policy.reportingIntervalMinutes)} without a check-in`],
    ["threshold", "Snowflake threshold", policy.snowflakeThreshold === null ? `${SNOWFLAKE_THRESHOLD} (product default)` : String(policy.snowflakeThreshold)],
    ["content", "Collect config file content", policy.collectContent ? "on (small world-readable text files, for line diffs)" : "off"],
  ];

  return (
    <div className="space-y-6">
      <Breadcrumb trail={fleetTrail(fleet.name)} current="Rebuild policy" />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Rebuild policy for {fleet.name}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Four eyes apply to the policy too: a new rebuild provider, turning automatic rebuilds on, or fewer approvals waits until a second admin
          approves it. Changes that only narrow or tune a rollout (batch size, canary, deadlines, more approvals, turning automatic rebuilds off,
          removing the provider) apply at once, as do the reporting interval and the snowflake threshold (a new threshold rescores the fleet).
        </p>
      </div>
      <PolicyChanges fleet={fleet.name} pending={changes.pending} recent={changes.recent} me={{ userId: me.userId, role: me.role }} admins={admins} />
      <Card testId="policy-in-effect">
        <CardHeader title="In effect" />
        <dl className="grid gap-x-6 gap-y-2 p-4 text-sm sm:grid-cols-2">
          {facts.map(([id, k, v]) => (
            <div key={id} className="min-w-0">
              <dt className="text-xs text-slate-500">{k}</dt>
              <dd className="break-words font-medium text-slate-900" data-testid={`policy-${id}`}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      {me.role === "admin" && (
        <Card testId="policy-form-card">
          <CardHeader title="Change the policy" />
          <PolicyForm fleet={fleet.name} policy={policy} />
        </Card>
      )}
    </div>
  );
}
