import "server-only";
// Turns a drift export into the bytes of one format, as an async generator the route streams. Pulling drives
// everything: a slow client slows the database reads instead of growing a buffer, and a client that goes away
// stops them (the generator is returned). Small pieces are gathered into chunks of about CHUNK bytes, except
// the first, which goes out at once so the download visibly starts.
import { setImmediate } from "node:timers/promises";
import { csvHead, csvHostRecords, jsonHead, jsonHost, jsonTail, type ExportFormat } from "@/lib/core/drift-export";
import { reportAccumulator } from "@/lib/core/drift-report";
import { markdownHead, markdownHost, markdownScorecard, markdownSummary, markdownTail } from "@/lib/core/report-markdown";
import type { DriftExport } from "@/lib/services/export-drift";
import { DriftPdf } from "./drift-pdf";

const CHUNK = 32 * 1024;

export function driftExportBytes(format: ExportFormat, exp: DriftExport): AsyncGenerator<Uint8Array> {
  const parts = format === "csv" ? csvParts(exp) : format === "json" ? jsonParts(exp) : format === "md" ? markdownParts(exp) : pdfParts(exp);
  return gather(parts);
}

async function* csvParts(exp: DriftExport): AsyncGenerator<string | Uint8Array> {
  yield csvHead();
  for await (const h of exp.hosts()) yield csvHostRecords(h);
}

async function* jsonParts(exp: DriftExport): AsyncGenerator<string | Uint8Array> {
  yield jsonHead(exp.meta);
  let hosts = 0;
  let items = 0;
  for await (const h of exp.hosts()) {
    yield jsonHost(h, hosts === 0);
    hosts += 1;
    items += h.items.length;
  }
  yield jsonTail({ hosts, items });
}

/** Two passes: the summary (kinds, histogram, top snowflakes) comes before the hosts it summarises. */
async function* markdownParts(exp: DriftExport): AsyncGenerator<string | Uint8Array> {
  yield markdownHead(exp.meta);
  yield markdownScorecard(await exp.scorecard());
  const acc = reportAccumulator();
  for await (const h of exp.hosts({ firstSeen: false })) acc.add(h);
  const summary = acc.result();
  yield markdownSummary(summary);
  for await (const h of exp.hosts()) yield markdownHost(h);
  yield markdownTail(summary);
}

async function* pdfParts(exp: DriftExport): AsyncGenerator<string | Uint8Array> {
  const pdf = new DriftPdf(exp.meta);
  const flush = function* () {
    for (let b = pdf.take(); b !== null; b = pdf.take()) yield b;
  };
  yield* flush(); // "%PDF-1.3" before any query
  pdf.head(await exp.scorecard());
  const acc = reportAccumulator();
  for await (const h of exp.hosts({ firstSeen: false })) acc.add(h);
  const summary = acc.result();
  pdf.summary(summary);
  yield* flush();
  for await (const h of exp.hosts()) {
    pdf.host(h);
    yield* flush();
  }
  pdf.tail(summary);
  pdf.end();
  yield* flush();
}

async function* gather(parts: AsyncGenerator<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  let pending: Uint8Array[] = [];
  let size = 0;
  let first = true;
  const drain = () => {
    const out = pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    return out;
  };
  try {
    for await (const p of parts) {
      const bytes = typeof p === "string" ? enc.encode(p) : p;
      if (bytes.byteLength === 0) continue;
      pending.push(bytes);
      size += bytes.byteLength;
      if (first || size >= CHUNK) {
        first = false;
        yield drain();
        // Node sends a written chunk on a later tick; give it that tick before producing the next one.
        await setImmediate();
      }
    }
    if (size > 0) yield drain();
  } finally {
    await parts.return(undefined);
  }
}
