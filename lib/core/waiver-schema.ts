// The waiver entries of a spec's `ignore` list, validated (zod): kept apart from lib/core/waivers.ts, which the
// drift code (and so client components) import, because zod probes `new Function` and the pages' CSP reports it.
import { z } from "zod";
import { isEmptyScalar } from "./spec-yaml";
import type { Waiver } from "./types";
import { compactWaiver, isDate, MAX_REASON, PACKAGE_NAME } from "./waivers";

const text = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, { error: `${what} must not be empty` });

const waiverSchema = z
  .strictObject({
    path: text("path").refine((p) => p.startsWith("/"), { error: "path must be an absolute path or glob" }).optional(),
    package: text("package").refine((p) => PACKAGE_NAME.test(p), { error: 'package must be "name" or "name:arch"' }).optional(),
    reason: text("reason").max(MAX_REASON, { error: `reason must be at most ${MAX_REASON} characters` }),
    until: z.string({ error: "until must be a date" }).refine(isDate, { error: 'until must be a date written YYYY-MM-DD' }).optional(),
    by: text("by").optional(),
  })
  .superRefine((w, ctx) => {
    if ((w.path === undefined) === (w.package === undefined)) ctx.addIssue({ code: "custom", message: "a waiver names exactly one of path or package" });
  });

export type IgnoreIssue = { path: (string | number)[]; message: string };

/**
 * Splits a spec's raw `ignore` list into globs and waivers. Issues carry the entry's index (and field), and a
 * waiver's message names its target, so "ignore[3].reason" reads "… (waiver of package libssl3)".
 */
export function splitIgnore(entries: readonly unknown[]): { ignore: string[]; waivers: Waiver[]; issues: IgnoreIssue[] } {
  const ignore: string[] = [];
  const waivers: Waiver[] = [];
  const issues: IgnoreIssue[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === "string") {
      if (entry.trim() === "") issues.push({ path: [i], message: "must not be empty" });
      else ignore.push(entry);
      return;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      issues.push({ path: [i], message: "must be a path glob, or a waiver mapping with path or package, reason and until" });
      return;
    }
    const raw = Object.fromEntries(Object.entries(entry).filter(([, v]) => !isEmptyScalar(v)));
    const parsed = waiverSchema.safeParse(raw);
    if (parsed.success) {
      waivers.push(compactWaiver(parsed.data));
      return;
    }
    const named = typeof raw.package === "string" ? ` (waiver of package ${raw.package})` : typeof raw.path === "string" ? ` (waiver of path ${raw.path})` : "";
    for (const issue of parsed.error.issues) {
      const message =
        issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")} (expected path or package, reason, until, by)` : issue.message;
      issues.push({ path: [i, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))], message: `${message}${named}` });
    }
  });
  return { ignore, waivers, issues };
}
