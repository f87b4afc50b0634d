import { UTF8_BOM, csvNumber, csvRecord, csvText } from "@/lib/core/csv";

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** The rows shown, as CSV; csvText neutralises cells a spreadsheet would run as formulas (= + - @ tab CR). */
export function auditCsv(rows: AuditEntry[]): string {
  const header = csvRecord(["id", "at", "actor", "action", "subject", "detail", "ip"]);
  const lines = rows.map((r) =>
    csvRecord([csvNumber(r.id), csvText(r.at), csvText(r.actor), csvText(r.action), csvText(r.subject), csvText(r.detail ? JSON.stringify(r.detail) : null), csvText(r.ip)]),
  );
  return UTF8_BOM + header + lines.join("");
}
