import "server-only";
// How large a request body may be, by path. The front door (scripts/server.mjs, via lib/server/body-gate.ts) refuses
// a body past its path's limit before reading it, or as soon as a chunked one passes it; each route then applies
// its own limit again (the same or smaller), so `next dev` without the front door is bounded too. Every limit is
// what the legitimate sender sends, with room.
import { UPLOAD_LIMIT } from "@/lib/core/config-content";
import { DEFAULT_IMAGE_MAX_BYTES, imageMaxBytes } from "@/lib/core/image-ref";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Reports of a large host (2,000 packages, 5,000 config files) are ~1 MiB; 16 MiB leaves room and bounds memory. */
export const REPORT_LIMIT = 16 * MiB;
/** Enroll and check-in bodies are a secret, a hostname and a digest: well under 1 KiB. */
export const SMALL_LIMIT = 16 * KiB;
/** better-auth's JSON (sign-in: an email, a password, a flag) is a few hundred bytes, and anyone may send it. */
export const AUTH_LIMIT = 8 * KiB;
/** A spec listing every package and config hash of a large image is ~1 MiB of YAML. */
export const SPEC_LIMIT = 8 * MiB;
/** Every other route (the largest: a rebuild naming 10,000 hosts, 512 KiB) and every form; = next.config.js serverActions.bodySizeLimit. */
export const DEFAULT_LIMIT = 1 * MiB;

export interface BodyLimit {
  bytes: number;
  /** The 413 message: what the limit is and what to do about it. */
  message: string;
  /**
   * The route streams the body to disk and counts it itself (an image upload, up to gigabytes): the front door
   * refuses a declared length past `bytes` but never holds a chunked body in memory to count it.
   */
  streamed?: true;
}

/** "8 KiB", "16 MiB". */
export function formatBytes(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(1)} GiB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`;
  if (n >= KiB) return `${+(n / KiB).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const SPEC_PATH = /^\/api\/v1\/fleets\/[^/]+\/spec$/;

/**
 * The limit for a request path (without its query). A path spelled unusually (percent-encoded, doubled slashes)
 * gets the 1 MiB default, never a larger limit than its route's.
 */
export function bodyLimitFor(path: string): BodyLimit {
  if (path.startsWith("/api/auth/")) {
    return { bytes: AUTH_LIMIT, message: `Body exceeds the ${formatBytes(AUTH_LIMIT)} limit of /api/auth: signing in takes only an email and a password.` };
  }
  if (path === "/api/v1/fingerprints") {
    return {
      bytes: REPORT_LIMIT,
      message:
        `Report exceeds the ${formatBytes(REPORT_LIMIT)} limit. A host with 2,000 packages and 5,000 config files reports about 1 MiB: ` +
        "check which paths the agent is told to collect.",
    };
  }
  if (path === "/api/v1/imports") {
    return { bytes: REPORT_LIMIT, message: `Import exceeds the ${formatBytes(REPORT_LIMIT)} limit (the agent report's); send it gzip-compressed (Content-Encoding: gzip).` };
  }
  if (path === "/api/v1/contents") {
    return { bytes: UPLOAD_LIMIT, message: `Body exceeds the ${formatBytes(UPLOAD_LIMIT)} limit of /api/v1/contents: send the files in several requests.` };
  }
  if (path === "/api/v1/images") {
    let bytes = DEFAULT_IMAGE_MAX_BYTES;
    try {
      bytes = imageMaxBytes(process.env);
    } catch {
      /* the route answers 500 and logs why; the front door must not throw */
    }
    return { bytes, streamed: true, message: `Image exceeds the ${formatBytes(bytes)} limit of /api/v1/images (FLEETPRINT_IMAGE_MAX_BYTES); upload the JSON report of \`fleetprint-agent --image FILE.tar --print\` instead, or raise the limit.` };
  }
  if (path === "/api/v1/enroll" || path === "/api/v1/checkin") {
    return { bytes: SMALL_LIMIT, message: `Body exceeds the ${formatBytes(SMALL_LIMIT)} limit of ${path}; see /api/v1/openapi.json for what it takes.` };
  }
  if (SPEC_PATH.test(path)) {
    return { bytes: SPEC_LIMIT, message: `Spec exceeds the ${formatBytes(SPEC_LIMIT)} limit; a spec of a large image is about 1 MiB of YAML.` };
  }
  if (path.startsWith("/api/")) {
    return { bytes: DEFAULT_LIMIT, message: `Body exceeds the ${formatBytes(DEFAULT_LIMIT)} limit of this API route.` };
  }
  return { bytes: DEFAULT_LIMIT, message: `Form data exceeds the ${formatBytes(DEFAULT_LIMIT)} limit.` };
}
