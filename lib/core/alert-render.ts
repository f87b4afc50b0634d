// The bodies a channel receives. Generic: one JSON document a program reads. Slack-compatible: the incoming
// webhook contract ({text, blocks}; mrkdwn escapes &, <, >; a section's text holds at most 3,000 characters).
import { countsOf, groupEvents, type KindGroup } from "./alert-group";
import { describeCounts, type AlertEvent, type AlertKind } from "./alert-kinds";

export interface AlertBatch {
  fleet: string;
  events: readonly AlertEvent[];
  /** The dashboard's public URL, for links; null leaves them out. */
  baseUrl: string | null;
  /** A "send test" message: no events, says so. */
  test?: boolean;
}

/** Events listed per kind in the generic body (counts always cover all of them). */
export const GENERIC_LISTED = 100;
/** Subjects named per kind in a Slack message. */
export const SLACK_LISTED = 10;
const SLACK_SECTION_MAX = 3000;

export function summaryOf(b: AlertBatch): string {
  if (b.test) return `Test message for fleet ${b.fleet}: this channel receives Fleetprint alerts.`;
  return describeCounts(countsOf(groupEvents(b.events, 0)));
}

export function renderGeneric(b: AlertBatch): string {
  const groups = groupEvents(b.events, GENERIC_LISTED);
  const omitted = Object.fromEntries(groups.filter((g) => g.omitted > 0).map((g) => [g.kind, g.omitted]));
  return JSON.stringify({
    type: b.test ? "fleetprint.test" : "fleetprint.alerts",
    fleet: b.fleet,
    summary: summaryOf(b),
    counts: countsOf(groups),
    events: groups.flatMap((g) =>
      g.shown.map((e) => {
        const url = linkOf(b, e);
        return { kind: e.kind, subject: e.subject, detail: e.detail, at: e.at.toISOString(), ...(url ? { url } : {}) };
      }),
    ),
    ...(Object.keys(omitted).length ? { omitted } : {}),
    ...(b.baseUrl ? { url: fleetUrl(b) } : {}),
  });
}

export function renderSlack(b: AlertBatch): string {
  const fleet = b.baseUrl ? `<${fleetUrl(b)}|${escapeSlack(b.fleet)}>` : `*${escapeSlack(b.fleet)}*`;
  if (b.test) {
    const text = `Fleetprint test message for fleet ${escapeSlack(b.fleet)}: alerts will arrive here.`;
    return JSON.stringify({ text, blocks: [section(`:white_check_mark: Fleetprint test message for fleet ${fleet}: alerts will arrive here.`)] });
  }
  const groups = groupEvents(b.events, SLACK_LISTED);
  const summary = describeCounts(countsOf(groups));
  return JSON.stringify({
    text: `Fleetprint · ${escapeSlack(b.fleet)}: ${escapeSlack(summary)}`,
    blocks: [section(`*Fleetprint* · ${fleet}: ${escapeSlack(summary)}`), ...groups.map((g) => section(kindSection(b, g)))],
  });
}

const HEADINGS: Record<AlertKind, string> = {
  "host-drifted": "Started drifting from the spec",
  "snowflake-new": "New snowflakes",
  "rebuild-approval-needed": "Rebuilds waiting for approval",
  "rebuild-failed": "Rebuilds failed",
  "host-not-reporting": "Stopped reporting",
};

function kindSection(b: AlertBatch, g: KindGroup): string {
  const head = `*${HEADINGS[g.kind]} (${g.count})*`;
  const tail = (n: number) => (n > 0 ? `\n…and ${n} more` : "");
  const lines: string[] = [];
  let omitted = g.omitted;
  for (const [i, e] of g.shown.entries()) {
    const line = `• ${slackLine(b, e)}`;
    // Keep room for the "…and N more" line: what does not fit is counted, not cut mid-link.
    if ([head, ...lines, line].join("\n").length + tail(omitted + g.shown.length - i - 1).length > SLACK_SECTION_MAX) {
      omitted += g.shown.length - i;
      break;
    }
    lines.push(line);
  }
  return [head, ...lines].join("\n") + tail(omitted);
}

/** One event as one line of mrkdwn (links when the dashboard's URL is known). */
export function slackLine(b: AlertBatch, e: AlertEvent): string {
  const d = e.detail;
  const url = linkOf(b, e);
  const name = (text: string) => (url ? `<${url}|${escapeSlack(text).replaceAll("|", "¦")}>` : `*${escapeSlack(text)}*`);
  switch (e.kind) {
    case "host-drifted": {
      const n = num(d.driftItems);
      const first = strs(d.items)[0];
      return `${name(e.subject)}${n !== null ? ` — ${n} drift item${n === 1 ? "" : "s"}${num(d.specVersion) !== null ? ` against spec v${d.specVersion}` : ""}` : ""}${first ? `: ${escapeSlack(clip(first, 200))}` : ""}`;
    }
    case "snowflake-new": {
      const score = num(d.score);
      const first = strs(d.reasons)[0];
      return `${name(e.subject)}${score !== null ? ` — score ${score.toFixed(1)}` : ""}${first ? `: ${escapeSlack(clip(first, 200))}` : ""}`;
    }
    case "rebuild-approval-needed": {
      const hosts = strs(d.hosts);
      const count = num(d.hostCount) ?? hosts.length;
      const listed = hosts.slice(0, 5).map(escapeSlack).join(", ") + (count > 5 ? ", …" : "");
      const who = str(d.requestedBy);
      const reason = str(d.reason);
      return `${name(`request ${e.subject.slice(0, 8)}`)}${who ? ` by ${escapeSlack(who)}` : ""}: ${count} host${count === 1 ? "" : "s"}${listed ? ` (${listed})` : ""}${reason ? ` — “${escapeSlack(clip(reason, 200))}”` : ""}`;
    }
    case "host-not-reporting": {
      const last = str(d.lastSeen);
      const every = num(d.intervalMinutes);
      return `${name(e.subject)}${last ? ` — last seen ${escapeSlack(last.replace("T", " ").slice(0, 16))} UTC` : ""}${every !== null ? ` (expected every ${every} min)` : ""}`;
    }
    case "rebuild-failed": {
      const host = str(d.host);
      const message = str(d.message);
      return `${name(`request ${e.subject.slice(0, 8)}`)}${host ? `: ${escapeSlack(host)}` : ""}${message ? ` — ${escapeSlack(clip(message, 300))}` : ""}`;
    }
  }
}

/** Slack's three control characters; everything else is literal text. */
export function escapeSlack(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function section(text: string) {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function fleetUrl(b: AlertBatch): string {
  return `${b.baseUrl}/fleets/${encodeURIComponent(b.fleet)}`;
}

function linkOf(b: AlertBatch, e: AlertEvent): string | null {
  if (!b.baseUrl) return null;
  if (e.kind === "host-drifted" || e.kind === "snowflake-new" || e.kind === "host-not-reporting") return `${fleetUrl(b)}/hosts/${encodeURIComponent(e.subject)}`;
  return `${b.baseUrl}/rebuilds/${encodeURIComponent(e.subject)}`;
}

const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
