// os-release(5): shell-style KEY=value lines, as found in /etc/os-release and /usr/lib/os-release.

/** The OS identity fields Fleetprint reports, with the defaults os-release(5) gives. */
export interface OsIdentity {
  /** ID, or "linux" when absent. */
  id: string;
  /** VERSION_ID, or "" when absent (rolling releases such as Arch have none). */
  versionId: string;
  /** PRETTY_NAME, or "Linux" when absent. */
  prettyName: string;
}

/** Undo shell quoting: "…" (where \ escapes only " \ $ and `), '…' (literal), or a bare word. */
function unquote(value: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value.replace(/\s+#.*$/, "");
  let out = "";
  for (let i = 1; i < value.length; i++) {
    let c = value[i];
    if (c === quote) break;
    if (quote === '"' && c === "\\" && i + 1 < value.length && '"\\$`'.includes(value[i + 1])) c = value[++i];
    out += c;
  }
  return out;
}

/** Every assignment in the file, unquoted: { ID: "debian", VERSION_ID: "12", … }. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    fields[key] = unquote(line.slice(eq + 1).trim());
  }
  return fields;
}

/** id/versionId/prettyName as the agent reports them (same defaults). */
export function osIdentity(fields: Record<string, string>): OsIdentity {
  return {
    id: fields.ID || "linux",
    versionId: fields.VERSION_ID ?? "",
    prettyName: fields.PRETTY_NAME || "Linux",
  };
}
