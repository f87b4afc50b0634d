// The drift report as Markdown, in the order a person reads it: what this is, the scorecard, the charts, what
// kinds of drift, the worst snowflakes, then each drifted host. Written in pieces (head, summary, one host at a
// time, tail) so the route streams it; every piece is plain GitHub-flavoured Markdown.
import type { ExportHost, ExportMeta } from "./drift-export";
import { DRIFT_KINDS } from "./drift";
import type { ReportSummary } from "./drift-report";
import { describeFilters, formatDays, formatNum, formatPct, formatUtc, KIND_LABEL, reportTitle, unicodeBar } from "./report-text";
import { strategyTotals, type ScorecardFleet } from "./scorecard";

/**
 * Text from agents (paths, versions, hostnames) must not turn into markup: a backslash before each character
 * Markdown could read as emphasis, code, a link, HTML or a table cell boundary; line breaks become spaces.
 */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/g, " ").replace(/[\\`*_{}[\]<>|~#!&]/g, (c) => `\\${c}`);
}

const row = (cells: string[]) => `| ${cells.join(" | ")} |\n`;
const rule = (n: number, right: number[] = []) => `|${Array.from({ length: n }, (_, i) => (right.includes(i) ? " ---: " : " --- ")).join("|")}|\n`;

/** Bars in a code block, where the monospace font lines them up. Labels come from us (fleet names, buckets). */
function bars(items: { label: string; value: number; text: string }[], max: number): string {
  const w = Math.max(...items.map((i) => i.label.length), 1);
  const lines = items.map((i) => `${i.label.padEnd(w)}  ${unicodeBar(i.value, max, 30).padEnd(30)}  ${i.text}`);
  return "```text\n" + lines.join("\n") + "\n```\n";
}

/** Title, time, filters and spec versions: known before any host is read, so it is the first chunk sent. */
export function markdownHead(meta: ExportMeta): string {
  let out = `# ${mdText(reportTitle(meta))}\n\n`;
  out += `- **Generated:** ${formatUtc(meta.generatedAt)}\n`;
  out += `- **Filters:** ${mdText(describeFilters(meta.filters))}\n`;
  out += `- **Hosts in this report:** ${meta.totalHosts}\n`;
  const specs = meta.fleets.map((f) => `${mdText(f.name)} ${f.specVersion === null ? "(no spec)" : `v${f.specVersion}`}`);
  return `${out}- **Spec versions:** ${specs.join(", ") || "—"}\n\n`;
}

export function markdownScorecard(fleets: readonly ScorecardFleet[]): string {
  let out = "## Scorecard: mutable vs immutable\n\n";
  out += "Whole fleets, as on the dashboard. Conforming: no drift from the fleet's spec. Fingerprints/100 hosts: how many different machines you really run.\n\n";
  for (const t of strategyTotals(fleets).filter((t) => t.fleets > 0)) {
    out += `- **${t.strategy}** (${t.fleets} ${t.fleets === 1 ? "fleet" : "fleets"}, ${t.hosts} hosts): ${formatPct(t.conformingPct)} conforming, ${formatNum(t.distinctPer100)} fingerprints/100 hosts, ${t.snowflakes} snowflakes\n`;
  }
  out += "\n" + row(["Fleet", "Strategy", "Spec", "Hosts", "Conforming", "Fingerprints/100 hosts", "Snowflakes", "Median drift", "Median age"]);
  out += rule(9, [3, 4, 5, 6, 7, 8]);
  for (const f of fleets) {
    out += row([
      mdText(f.name),
      f.strategy,
      f.specVersion === null ? "—" : `v${f.specVersion}`,
      String(f.hosts),
      formatPct(f.conformingPct),
      formatNum(f.distinctPer100),
      String(f.snowflakes),
      formatNum(f.medianDrift),
      formatDays(f.medianAgeDays),
    ]);
  }
  const withSpec = fleets.filter((f) => f.conformingPct !== null);
  if (withSpec.length > 0) {
    out += "\n### Conforming hosts per fleet\n\n";
    out += bars(withSpec.map((f) => ({ label: f.name, value: f.conformingPct!, text: formatPct(f.conformingPct) })), 100);
  }
  return out + "\n";
}

export function markdownSummary(s: ReportSummary): string {
  let out = "## Drift per host\n\n";
  out += `Hosts in this report by number of drift items (${s.driftedHosts} of ${s.hosts} hosts have drift, ${s.items} items in all).\n\n`;
  const max = Math.max(...s.histogram.map((b) => b.hosts));
  out += bars(s.histogram.map((b) => ({ label: `${b.bucket} ${b.bucket === "1" ? "item" : "items"}`, value: b.hosts, text: `${b.hosts} ${b.hosts === 1 ? "host" : "hosts"}` })), max);

  out += "\n## Drift by kind\n\n" + row(["Kind", "Items"]) + rule(2, [1]);
  for (const k of DRIFT_KINDS) out += row([KIND_LABEL[k], String(s.byKind[k])]);

  out += `\n## Top snowflakes\n\n`;
  if (s.topSnowflakes.length === 0) out += "No snowflake among the hosts in this report.\n";
  s.topSnowflakes.forEach((t, i) => {
    out += `${i + 1}. **${mdText(t.hostname)}** (${mdText(t.fleet)}), score ${formatNum(t.score, 2)}\n`;
    for (const r of t.reasons) out += `   - ${mdText(r.explain)}\n`;
  });
  if (s.snowflakes > s.topSnowflakes.length) out += `\n${s.snowflakes - s.topSnowflakes.length} more snowflakes are not listed.\n`;
  return out + "\n## Drifted hosts\n\n";
}

/** One drifted host: a heading and its items. Hosts without items print nothing (the tail counts them). */
export function markdownHost(h: ExportHost): string {
  if (h.items.length === 0) return "";
  let out = `### ${mdText(h.hostname)} · ${mdText(h.fleet)}\n\n`;
  const fp = h.fingerprint ? `fingerprint \`${h.fingerprint.slice(0, 12)}\`` : "no fingerprint";
  out += `${fp} · ${h.items.length} ${h.items.length === 1 ? "item" : "items"}${h.isSnowflake ? ` · snowflake (score ${formatNum(h.snowflakeScore, 2)})` : ""}\n\n`;
  out += row(["Kind", "Subject", "What", "First seen"]) + rule(4);
  for (const i of h.items) out += row([KIND_LABEL[i.kind], mdText(i.subject), mdText(i.explain), formatUtc(i.firstSeen)]);
  return out + "\n";
}

export function markdownTail(s: Pick<ReportSummary, "hosts" | "driftedHosts">): string {
  const clean = s.hosts - s.driftedHosts;
  if (s.driftedHosts === 0) return "No host in this report has drift items.\n";
  return clean > 0 ? `${clean} more ${clean === 1 ? "host has" : "hosts have"} no drift items.\n` : "";
}
