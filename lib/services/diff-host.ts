import type { Db } from "@/db/client";
import { diffAgainstSpec, sideBySide } from "@/lib/core/diff";
import { badRequest } from "@/lib/server/errors";
import { getSpec } from "./get-spec";
import { findHost, loadFingerprint } from "./get-host";

/** Side-by-side rows of a host against its fleet's spec ("spec") or another host ("host:<name>"). */
export async function diffHost(db: Db, hostname: string, fleetName: string | undefined, against: string) {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  if (!host.fingerprintHash) throw badRequest(`Host "${hostname}" has not reported yet; nothing to compare.`);
  const left = (await loadFingerprint(db, host.fingerprintHash))!;
  if (against === "spec") {
    const spec = await getSpec(db, fleet.name);
    return { left: { kind: "host", name: host.hostname }, right: { kind: "spec", name: `${fleet.name} spec v${spec.version}` }, rows: diffAgainstSpec(left, spec.spec) };
  }
  const m = /^host:(.+)$/.exec(against);
  if (!m) throw badRequest(`against must be "spec" or "host:<hostname>", got "${against}".`);
  const [otherName, otherFleet] = m[1].split("@");
  const other = await findHost(db, otherName, otherFleet || undefined);
  if (!other.host.fingerprintHash) throw badRequest(`Host "${otherName}" has not reported yet; nothing to compare.`);
  const right = (await loadFingerprint(db, other.host.fingerprintHash))!;
  return { left: { kind: "host", name: host.hostname }, right: { kind: "host", name: other.host.hostname }, rows: sideBySide(left, right) };
}
