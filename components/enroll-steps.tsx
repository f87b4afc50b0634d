import { CodeBlock } from "./ui/code-block";

// Copy-paste onboarding shown wherever there is nothing to display yet. No secret is ever printed in a page:
// commands reference $FLEETPRINT_TOKEN, a personal API token from /settings/tokens (fleets and secrets: admin).

export function agentCommand(origin: string, secret = "<secret>") {
  return `curl -fsSL ${origin}/agent.sh | sudo sh -s -- --server ${origin} --enroll-secret ${secret}`;
}

export function EnrollSteps({ origin, fleet, includeCreateFleet }: { origin: string; fleet?: string; includeCreateFleet: boolean }) {
  const name = fleet ?? "web";
  const auth = `-H "Authorization: Bearer $FLEETPRINT_TOKEN"`;
  const steps = [
    ...(includeCreateFleet
      ? [
          {
            title: "Create a fleet",
            body: "A fleet is a cohort of hosts built the same way. Pick immutable if you replace servers from a spec, mutable if you patch them in place.",
            code: `curl -X POST ${origin}/api/v1/fleets \\\n  ${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"name":"${name}","strategy":"immutable"}'`,
          },
        ]
      : []),
    {
      title: "Create an enroll secret",
      body: "Hosts present it once to enroll; each then gets its own key. The response holds the secret: it is shown only once.",
      code: `curl -X POST ${origin}/api/v1/fleets/${name}/enroll-secrets \\\n  ${auth}`,
    },
    {
      title: "Run the agent on each host",
      body: "A POSIX shell script: it reads dpkg/rpm/apk and config hashes, enrolls, and reports. Run it from cron or a timer to keep fingerprints fresh.",
      code: agentCommand(origin),
      testId: "agent-command",
    },
  ];
  return (
    <ol className="space-y-5">
      {steps.map((s, i) => (
        <li key={s.title} className="flex gap-3">
          <span className="grid size-6 shrink-0 place-items-center rounded-full bg-slate-900 text-xs font-semibold text-white">{i + 1}</span>
          <div className="min-w-0 flex-1 space-y-2">
            <h3 className="text-sm font-semibold">{s.title}</h3>
            <p className="text-sm text-slate-600">{s.body}</p>
            <CodeBlock code={s.code} testId={s.testId} />
          </div>
        </li>
      ))}
    </ol>
  );
}
