// The demo fleet's rebuild provider (a `command` provider, like a Terraform or Packer wrapper would be).
// A demo host has no machine behind it, so "rebuilding" means what a real replacement looks like from
// Fleetprint's side: a fresh machine built from the spec file boots, its agent enrols with the fleet's
// enroll secret (new machine id, fresh agent state) and reports. Verification then checks that report.
//   argv: <hostname> <fleet> <specFile>; env: FLEETPRINT_URL, FLEETPRINT_DEMO_SECRETS (json file)
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { parseSpec } from "@/lib/core/spec";
import { reportFromSpec } from "@/lib/demo/report-from-spec";
import { loadBaseImage } from "@/lib/demo/seed-demo";

async function main() {
  const [hostname, fleet, specFile] = process.argv.slice(2);
  const url = process.env.FLEETPRINT_URL ?? "http://127.0.0.1:3000";
  if (!hostname || !fleet || !specFile) throw new Error("usage: demo-rebuild <hostname> <fleet> <specFile>");
  const secrets = JSON.parse(fs.readFileSync(process.env.FLEETPRINT_DEMO_SECRETS!, "utf8")) as Record<string, string>;
  const parsed = parseSpec(fs.readFileSync(specFile, "utf8"));
  if (!parsed.ok) throw new Error(`spec file: ${parsed.error}`);
  console.log(`building ${hostname} from ${specFile}`);
  await new Promise((r) => setTimeout(r, Number(process.env.DEMO_REBUILD_DELAY_MS ?? 1500))); // the "image boot"
  const machineId = randomBytes(16).toString("hex");
  const enroll = await fetch(`${url}/api/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret: secrets[fleet], hostname, machineId }) });
  if (!enroll.ok) throw new Error(`enroll: ${enroll.status} ${await enroll.text()}`);
  const { hostKey } = (await enroll.json()) as { hostKey: string };
  console.log(`new machine ${machineId.slice(0, 12)} enrolled; sending its first report`);
  const report = reportFromSpec(parsed.spec, loadBaseImage(), hostname, machineId);
  const sent = await fetch(`${url}/api/v1/fingerprints`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${hostKey}` }, body: JSON.stringify(report) });
  if (!sent.ok) throw new Error(`report: ${sent.status} ${await sent.text()}`);
  console.log(`reported fingerprint ${((await sent.json()) as { fingerprint: string }).fingerprint.slice(0, 12)}`);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
