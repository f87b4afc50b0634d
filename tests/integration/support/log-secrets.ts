// What must never appear in a server's log: the secrets the tests used (known values) and any secret the app mints,
// by its shape (API tokens fpt_, enroll secrets fpe_, host keys fph_, the bootstrap token fpa_), session cookies and
// bearer credentials. The shapes catch what a test made and never told anyone (a host key from an enrolment).
const SHAPES: [string, RegExp][] = [
  ["a minted secret (fpt_/fpe_/fph_/fpa_)", /\bfp[teha]_[A-Za-z0-9_-]{20,}/],
  ["a session cookie", /fleetprint\.session_token=/],
  ["a bearer credential", /Bearer [A-Za-z0-9._~+/=-]{16,}/],
];

/** One entry per leak: which secret (never its value) and the log line number. */
export function findSecrets(log: string, known: Record<string, string>): string[] {
  const found: string[] = [];
  const lines = log.split("\n");
  lines.forEach((line, i) => {
    for (const [what, value] of Object.entries(known)) if (value && line.includes(value)) found.push(`${what} on line ${i + 1}`);
    for (const [what, re] of SHAPES) if (re.test(line)) found.push(`${what} on line ${i + 1}`);
  });
  return found;
}
