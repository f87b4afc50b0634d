import "server-only";
// "Accept into spec": the host is right and the spec is old. A new spec version takes the host's values.
import type { Db } from "@/db/client";
import { adoptDrift } from "@/lib/core/adopt";
import { computeDrift, OS_SUBJECT } from "@/lib/core/drift";
import { isValidFileValue, isValidPin } from "@/lib/core/spec";
import type { DriftItem, DriftKind } from "@/lib/core/types";
import { isPackageKind } from "@/lib/core/waivers";
import { badRequest } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { commitSpecEdit, type CurrentSpec } from "./edit-spec";
import { loadHostFingerprint } from "./capture-spec";

export interface ItemRef {
  kind: DriftKind;
  subject: string;
}

export interface AdoptInput {
  hostname: string;
  /** The drift items to take (kind + subject); all the host's drift when absent. */
  items?: ItemRef[];
  baseVersion?: number | null;
  dryRun?: boolean;
  note?: string | null;
}

const needSpec = (fleet: string, c: CurrentSpec | null): CurrentSpec => {
  if (!c) throw badRequest(`Fleet "${fleet}" has no spec yet: capture one from a host instead.`);
  return c;
};

/** One host's values of the chosen drift items (default: all its drift) become the next spec version. */
export async function adoptIntoSpec(db: Db, actor: Actor, fleetName: string, input: AdoptInput, now = new Date()) {
  let taken: DriftItem[] = [];
  const result = await commitSpecEdit(
    db,
    actor,
    fleetName,
    {
      source: `adopt:${input.hostname}`,
      note: input.note ?? null,
      baseVersion: input.baseVersion,
      dryRun: input.dryRun,
      build: async (cur, { tx, fleet }) => {
        const current = needSpec(fleet.name, cur);
        const { fp, configsCollected } = await loadHostFingerprint(tx, fleet, input.hostname);
        // An import that reports no configs would otherwise "accept" every pinned file as gone.
        const drift = computeDrift(fp, current.spec, now, { configsCollected });
        if (input.items) {
          const key = (i: ItemRef) => `${i.kind} ${i.subject}`;
          const byKey = new Map(drift.map((d) => [key(d), d]));
          const unknown = input.items.filter((i) => !byKey.has(key(i)));
          if (unknown.length) throw badRequest(`Not drift of ${input.hostname} against spec v${current.version}: ${unknown.slice(0, 5).map(key).join(", ")}.`);
          taken = input.items.map((i) => byKey.get(key(i))!);
        } else taken = drift;
        if (taken.length === 0) throw badRequest(`Host "${input.hostname}" has no drift against spec v${current.version}: nothing to accept.`);
        return adoptDrift(current.spec, taken, fp.os);
      },
    },
    now,
  );
  return { ...result, items: taken.map((d) => ({ kind: d.kind, subject: d.subject, value: d.actual })) };
}

export interface AdoptValueInput {
  kind: DriftKind;
  subject: string;
  /** The value seen on hosts to make the spec's (a version, a sha256 or "symlink:<target>"); null for a *-missing item. */
  value: string | null;
  baseVersion?: number | null;
  dryRun?: boolean;
  note?: string | null;
}

/** The fleet-wide form: "accept value V of item S", whichever hosts carry it. */
export async function adoptValueIntoSpec(db: Db, actor: Actor, fleetName: string, input: AdoptValueInput, now = new Date()) {
  if (input.subject === OS_SUBJECT) throw badRequest("The OS release is adopted from a host (adopt with a hostname), not as a value.");
  const missing = input.kind === "package-missing" || input.kind === "config-missing";
  if (!missing) {
    const pkg = isPackageKind(input.kind);
    if (input.value === null || !(pkg ? isValidPin : isValidFileValue)(input.value)) {
      throw badRequest(`value ${JSON.stringify(input.value)} is not a ${pkg ? "package version" : 'sha256, "*" or "symlink:<target>"'}.`);
    }
  }
  const item: DriftItem = { kind: input.kind, subject: input.subject, expected: null, actual: missing ? null : input.value, explain: "" };
  return commitSpecEdit(
    db,
    actor,
    fleetName,
    {
      source: "adopt",
      note: input.note ?? null,
      baseVersion: input.baseVersion,
      dryRun: input.dryRun,
      build: (cur, { fleet }) => adoptDrift(needSpec(fleet.name, cur).spec, [item], { id: "", versionId: "" }),
    },
    now,
  );
}
