// What a remote receiver answered (an alert webhook, a CI system, a cloud API) is kept short and redacted, and
// marked, so the views can show it to admins and hide it from everyone else: a receiver's body can carry its
// internal details, and a misdirected URL would otherwise turn the delivery log into a way to read them.

const OPEN = "receiver said “";
const CLOSE = "”";
const MARKED = /receiver said “[^”]*”/g;
export const HIDDEN_ANSWER = "receiver's answer hidden (admins see it)";

const SECRETS: [RegExp, string | ((...m: string[]) => string)][] = [
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  [/(["']?(?:[a-z_-]*(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|session|cookie|credential)[a-z_-]*)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi, "$1[redacted]"],
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, "//[redacted]@"],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, "[redacted]"],
  [/\b[A-Za-z0-9+/_-]{32,}={0,2}/g, "[redacted]"],
];

/** A receiver's answer as one short, redacted, marked phrase ("" when it said nothing). */
export function receiverSaid(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  let s = text.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();
  for (const [re, to] of SECRETS) s = s.replace(re, to as string);
  if (!s) return "";
  if (s.length > max) s = `${s.slice(0, max)}…`;
  return `${OPEN}${s}${CLOSE}`;
}

/** `s` with every receiver answer replaced by a note: what non-admins see of provider logs and delivery errors. */
export function hideReceiverText<T extends string | null>(s: T): T {
  return (s === null ? s : s.replace(MARKED, HIDDEN_ANSWER)) as T;
}
