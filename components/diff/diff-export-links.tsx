import { DIFF_FORMATS, diffExportHref, type DiffFormat, type DiffRowFilter } from "@/lib/core/diff-filter";

const LABEL: Record<DiffFormat, { text: string; hint: string }> = {
  csv: { text: "CSV", hint: "The rows shown, for spreadsheets" },
  json: { text: "JSON", hint: "The rows shown with both sides and the summary, for programs" },
  md: { text: "Markdown", hint: "The rows shown as a table, for a ticket or a wiki" },
};

/** Plain links to the API: the browser downloads the file (Content-Disposition), no script needed. */
export function DiffExportLinks(props: { host: { hostname: string; fleet: string }; target: { against?: string; from?: string; to?: string }; filter: DiffRowFilter }) {
  return (
    <span className="flex items-center gap-2 text-xs" data-testid="diff-export">
      <span className="text-slate-500">Export</span>
      {DIFF_FORMATS.map((f) => (
        <a
          key={f}
          href={diffExportHref(props.host, props.target, props.filter, f)}
          download
          title={LABEL[f].hint}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 font-medium text-blue-700 hover:bg-slate-50"
          data-testid={`diff-export-${f}`}
        >
          {LABEL[f].text}
        </a>
      ))}
    </span>
  );
}
