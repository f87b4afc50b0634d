"use client";

import { useMemo, useRef, useState, useTransition } from "react";
import { SpecDiffView } from "./spec-diff-view";
import type { EditPreview, SpecActionResult, SpecError } from "./types";

interface Props {
  fleet: string;
  initialYaml: string;
  baseVersion: number | null;
  canEdit: boolean;
  hosts: string[];
  edit: (input: { fleet: string; yaml: string; baseVersion?: number | null; dryRun: boolean; note?: string }) => Promise<SpecActionResult>;
  captureYaml: (input: { fleet: string; hostname: string }) => Promise<SpecActionResult<string>>;
}

const btn = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50";
const primary = "rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-50";

/**
 * The spec as YAML in a controlled textarea with line numbers. "Check" validates and shows each problem at its
 * line and the diff against the current version; "Save new version" saves on top of the version it was checked
 * against. "Capture from host" loads what a capture of that host would be, to review before saving.
 */
export function SpecEditor({ fleet, initialYaml, baseVersion, canEdit, hosts, edit, captureYaml }: Props) {
  const [yaml, setYaml] = useState(initialYaml);
  const [note, setNote] = useState("");
  const [host, setHost] = useState("");
  const [checked, setChecked] = useState<{ yaml: string; preview: EditPreview } | null>(null);
  const [errors, setErrors] = useState<SpecError[]>([]);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = useMemo(() => yaml.split("\n").length, [yaml]);
  const bad = useMemo(() => new Set(errors.map((e) => e.line).filter((l): l is number => l !== null)), [errors]);

  const check = () =>
    start(async () => {
      setMessage(null);
      const r = await edit({ fleet, yaml, baseVersion, dryRun: true });
      if (r.ok) {
        setErrors([]);
        setChecked({ yaml, preview: r.value });
      } else {
        setChecked(null);
        setErrors(r.errors ?? []);
        setMessage({ tone: "error", text: r.error });
      }
    });
  const save = () =>
    start(async () => {
      const r = await edit({ fleet, yaml, baseVersion: checked?.preview.baseVersion ?? baseVersion, dryRun: false, note });
      if (r.ok) {
        setChecked(null);
        setNote("");
        setMessage({ tone: "ok", text: `Saved as version ${r.value.version} (${r.value.summary}).` });
      } else {
        setErrors(r.errors ?? []);
        setMessage({ tone: "error", text: r.error });
      }
    });
  const capture = () =>
    start(async () => {
      const r = await captureYaml({ fleet, hostname: host });
      if (r.ok) {
        setYaml(r.value);
        setChecked(null);
        setErrors([]);
        setMessage({ tone: "ok", text: `Loaded a capture of ${host}: check it, then save it as a new version.` });
      } else setMessage({ tone: "error", text: r.error });
    });
  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = yaml.split("\n").slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
    el.focus();
    el.setSelectionRange(start, start);
    el.scrollTop = Math.max(0, (line - 3) * 18);
  };
  const fresh = checked !== null && checked.yaml === yaml;

  return (
    <div className="space-y-3" data-testid="spec-editor">
      <div className="flex max-h-[36rem] overflow-hidden rounded-md border border-slate-300 focus-within:ring-2 focus-within:ring-blue-200">
        <div ref={gutter} aria-hidden className="select-none overflow-hidden bg-slate-50 py-2 text-right font-mono text-xs leading-[18px] text-slate-400">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={`px-2 ${bad.has(i + 1) ? "bg-red-100 font-semibold text-red-700" : ""}`} data-testid={bad.has(i + 1) ? "error-line" : undefined} data-line={i + 1}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          value={yaml}
          onChange={(e) => setYaml(e.target.value)}
          onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
          spellCheck={false}
          wrap="off"
          aria-label="Spec YAML"
          readOnly={!canEdit}
          className="min-h-[24rem] flex-1 resize-none overflow-auto whitespace-pre py-2 pl-2 font-mono text-xs leading-[18px] text-slate-900 focus:outline-none"
          data-testid="spec-textarea"
        />
      </div>
      {errors.length > 0 && (
        <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800" data-testid="spec-errors">
          {errors.map((e, i) => (
            <li key={i} data-testid="spec-error">
              {e.line !== null ? (
                <button type="button" onClick={() => goTo(e.line!)} className="mr-2 font-mono font-semibold underline" data-testid="spec-error-line">
                  line {e.line}
                </button>
              ) : null}
              {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={btn} onClick={check} disabled={pending} data-testid="spec-check">
          {pending ? "Working…" : "Check"}
        </button>
        {canEdit && (
          <>
            <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why (shown in the history)" maxLength={500} className="min-w-64 flex-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm" data-testid="spec-note" />
            <button type="button" className={primary} onClick={save} disabled={pending || !fresh || checked.preview.lines.length === 0} data-testid="spec-save" title={fresh ? undefined : "Check first: the diff is shown before saving"}>
              Save new version
            </button>
          </>
        )}
      </div>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="capture-host" className="text-slate-600">
            Capture from host
          </label>
          <input id="capture-host" list="capture-hosts" value={host} onChange={(e) => setHost(e.target.value)} placeholder="hostname" className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm" data-testid="capture-host" />
          <datalist id="capture-hosts">
            {hosts.map((h) => (
              <option key={h} value={h} />
            ))}
          </datalist>
          <button type="button" className={btn} onClick={capture} disabled={pending || !host} data-testid="capture-load">
            Load capture
          </button>
        </div>
      )}
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`} data-testid="spec-message">
          {message.text}
        </p>
      )}
      {fresh && <SpecDiffView lines={checked.preview.lines} summary={`Against v${checked.preview.baseVersion ?? "none"}: ${checked.preview.summary}`} />}
    </div>
  );
}
