// Which config file contents the server may keep (issue 9): small world-readable text, never secrets. The agent
// applies the same rules before it sends (agent/fleetprint-agent.sh, CONTENT_DENY_RE there: a test holds the two
// equal); the server applies them again, because it must not store what an older or foreign collector sent.

/** Larger files are not sent: config that size is generated, not hand-edited, and the diff would not be read. */
export const CONTENT_MAX_BYTES = 64 * 1024;
/** At most this many hashes asked for in one answer, and uploaded in one request. */
export const WANT_LIMIT = 200;
/** An upload body: WANT_LIMIT files of 64 KiB as base64 would be ~17 MiB; the agent sends batches under this. */
export const UPLOAD_LIMIT = 4 * 1024 * 1024;

/**
 * Paths whose content is never collected, whatever their mode: password hashes, and private keys by name
 * (the agent also looks for "PRIVATE KEY" in the content). Anchored regular expression on the absolute path.
 */
export const CONTENT_DENY_RE =
  /^(\/etc\/shadow.*|\/etc\/gshadow.*|.*\/private\/.*|.*\.key|.*_key|.*\/id_(rsa|dsa|ecdsa|ed25519)[^/]*|.*\/ssh_host_[^/]*)$/;

export type ContentRefusal = "private-path" | "too-large" | "binary" | "not-utf8" | "private-key";

export const REFUSAL_TEXT: Record<ContentRefusal, string> = {
  "private-path": "is a path whose content is never collected (shadow files, private keys)",
  "too-large": `is larger than ${CONTENT_MAX_BYTES / 1024} KiB`,
  binary: "contains a NUL byte (not a text file)",
  "not-utf8": "is not valid UTF-8 text",
  "private-key": 'contains "PRIVATE KEY"',
};

/**
 * CONTENT_DENY_RE, answered without it for almost every path: each of its branches needs one of these words, and a
 * few substring searches cost a fraction of the regex's `.*` branches (a report asks this of ~1,000 paths).
 */
export const isPrivatePath = (path: string) =>
  (path.includes("shadow") || path.includes("key") || path.includes("/private/") || path.includes("/id_") || path.includes("/ssh_host_")) && CONTENT_DENY_RE.test(path);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Why these bytes of `path` may not be stored, or null when they may. The text when they may. */
export function checkContent(path: string | null, bytes: Uint8Array): { ok: true; text: string } | { ok: false; refusal: ContentRefusal } {
  if (path !== null && isPrivatePath(path)) return { ok: false, refusal: "private-path" };
  if (bytes.length > CONTENT_MAX_BYTES) return { ok: false, refusal: "too-large" };
  if (bytes.includes(0)) return { ok: false, refusal: "binary" };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, refusal: "not-utf8" };
  }
  if (text.includes("PRIVATE KEY")) return { ok: false, refusal: "private-key" };
  return { ok: true, text };
}

/** Why a side of a config diff has no content: said once, the same on the page and in the API. */
export const NEVER_RECEIVED =
  "the server never received this file's content: the agent runs with --no-content, the fleet does not collect content, " +
  "or the file is not world-readable, larger than 64 KiB, binary or private";
