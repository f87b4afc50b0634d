import "server-only";
// The three routes every host of a fleet calls (enroll, check-in, report), written once for two front doors:
// Next's route handlers and the plain Node listener of scripts/server.mjs, which answers them before Next's
// router (the hourly check-in of 10,000 hosts must cost microseconds, and Next's per-request work does not).
import { getDb, type Db } from "@/db/client";
import { checkIn } from "@/lib/services/check-in";
import { enrollHost } from "@/lib/services/enroll-host";
import { acceptFingerprint, authenticateHost, type AuthenticatedHost } from "@/lib/services/ingest-fingerprint";
import { expectChange } from "@/lib/services/record-changes";
import { contentOfFingerprint, fingerprintOfContent } from "@/lib/services/content-digests";
import { storeContents } from "@/lib/services/store-contents";
import { wantContent } from "@/lib/services/want-content";
import { UPLOAD_LIMIT } from "@/lib/core/config-content";
import { contentBytes, contentsUploadSchema } from "./content-schemas";
import { badRequest, unauthorized } from "./errors";
import { decodeBody, errorAnswer, parseJsonText } from "./http";
import { SMALL_LIMIT } from "./body-limits";
import { gates } from "./ingest-gate";
import { contentOf } from "./read-report";
import { readReportBody } from "./report-threads";
import { machineHeaders } from "./security-headers";
import { checkinSchema, enrollSchema, parseWith, REPORT_DIGEST } from "./validate";
import { ingestOutcome, type IngestRoute } from "@/lib/core/ingest-outcome";
import { countIngest } from "./metrics";

// scripts/server.mjs works out a machine request's client address with the app's own rule.
export { PEER_HEADER, requestClientIp } from "./client-ip";

// scripts/server.mjs applies each path's body limit before a byte is read (lib/server/body-gate.ts).
export { admitBody, HeldMessage } from "./body-gate";
export { bodyLimitFor, REPORT_LIMIT, SMALL_LIMIT } from "./body-limits";
// scripts/server.mjs logs every request (request id, route, status, duration, actor) and serves FLEETPRINT_METRICS_PORT.
export { log } from "./log";
export { traceRequest } from "./request-log";
export { answerMetrics } from "./metrics-endpoint";
export const MACHINE_PATHS = { enroll: "/api/v1/enroll", checkin: "/api/v1/checkin", report: "/api/v1/fingerprints", contents: "/api/v1/contents" } as const;
/** Security headers on every machine answer, set by both front doors (machine-route.ts and scripts/server.mjs). */
export const MACHINE_HEADERS = machineHeaders(process.env);

export interface MachineRequest {
  header: (name: string) => string | null;
  /** The raw body as received (possibly gzip), already capped by the caller at REPORT_LIMIT. */
  body: Buffer;
  ip: string | null;
  /** Set by the handler once the host is known: the log line's actor ("host:<id>"). */
  hostId?: number;
}

export interface MachineAnswer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}


function bearer(req: MachineRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.header("authorization") ?? "");
  return m ? m[1] : null;
}

function requireHostKey(req: MachineRequest): string {
  const key = bearer(req);
  if (!key) throw unauthorized("Send the host key as Authorization: Bearer <hostKey> (the agent stores it after enrolling).");
  return key;
}

function digestOf(value: string | null, where: string): string | null {
  if (value === null || value === "") return null;
  if (!REPORT_DIGEST.test(value)) throw badRequest(`${where} must be 16-128 letters, digits, ':', '_' or '-' (the agent sends a sha256 hex).`);
  return value;
}

const readText = (req: MachineRequest, limit: number) => decodeBody(req.body, req.header("content-encoding"), limit);

async function enroll(req: MachineRequest): Promise<MachineAnswer> {
  const input = parseWith(enrollSchema, parseJsonText(await readText(req, SMALL_LIMIT)));
  const { hostId, hostKey } = await gates.light.run(async () => enrollHost(await getDb(), req.ip, input));
  req.hostId = hostId;
  return { status: 201, headers: {}, json: { hostId, hostKey } };
}

async function checkin(req: MachineRequest): Promise<MachineAnswer> {
  const key = requireHostKey(req);
  const claim = parseWith(checkinSchema, parseJsonText(await readText(req, SMALL_LIMIT)));
  const answer = await gates.light.run(async () => {
    const db = await getDb();
    const host = await authenticateHost(db, key);
    req.hostId = host.id;
    const status = await checkIn(db, host, claim);
    if (status === "report-needed") return { status };
    // Config contents the server lacks (a fleet that collects them; at most one lookup per fingerprint an hour).
    // "accepted" moved the host to the fingerprint its content digest names (remembered in this process).
    const hash = status === "accepted" && claim.content ? await fingerprintOfContent(db, claim.content) : host.fingerprintHash;
    const want = await wantContent(db, { collectContent: host.collectContent, fingerprintHash: hash });
    return want.length ? { status, wantContent: want } : { status };
  });
  return { status: 200, headers: {}, json: answer };
}

async function report(req: MachineRequest): Promise<MachineAnswer> {
  const key = requireHostKey(req);
  const digest = digestOf(req.header("x-fleetprint-digest"), "X-Fleetprint-Digest");
  // Authenticate before reading the body: an unknown key costs one lookup, never a parse.
  const db = await getDb();
  const host = await authenticateHost(db, key);
  req.hostId = host.id;
  const { result, fingerprint } = await gates.reports.run(async () => {
    // A report that is not the one the host last sent will likely be a change: the batch of changes being
    // gathered waits for it while a parse thread reads it (group-commit.ts), so a herd writes fewer, larger batches.
    const expected = digest === null || digest !== host.reportDigest ? expectChange(db, host.id) : () => {};
    try {
      return await readAndAccept(db, host, req, digest);
    } finally {
      expected();
    }
  });
  // Per fingerprint, not per host: a host moving onto a fingerprint asked about this hour is not asked again.
  const want = await wantContent(db, { collectContent: host.collectContent, fingerprintHash: result.fingerprint }, { fingerprint });
  const json = { hostId: result.hostId, fingerprint: result.fingerprint, changed: result.changed };
  return { status: 202, headers: {}, json: want.length ? { ...json, wantContent: want } : json };
}

/** The report's body read (in a parse thread) and accepted: the host's change queued, or nothing when unchanged. */
async function readAndAccept(db: Db, host: AuthenticatedHost, req: MachineRequest, digest: string | null) {
  // Decoding, parsing and hashing need no database: a parse thread does them (report-threads.ts).
  const carried = host.fingerprintHash;
  const known = carried ? { hash: carried, content: await contentOfFingerprint(db, carried) } : null;
  const read = await readReportBody(req.body, req.header("content-encoding"), req.header("x-fleetprint-content-digest"), known);
  // The content it carries already (the hourly full report of an older agent) is neither packed nor unpacked,
  // and with the content digest of that fingerprint in hand only the body's first line is read (read-report.ts).
  const fingerprint = read.hash === host.fingerprintHash ? null : contentOf(read);
  return { result: await acceptFingerprint(db, host, { hash: read.hash, fingerprint }, { machineId: read.machineId, digest, content: read.content, collectorErrors: read.collectorErrors }, new Date()), fingerprint };
}

async function contents(req: MachineRequest): Promise<MachineAnswer> {
  const key = requireHostKey(req);
  const db = await getDb();
  const host = await authenticateHost(db, key);
  req.hostId = host.id;
  const input = parseWith(contentsUploadSchema, parseJsonText(await readText(req, UPLOAD_LIMIT)));
  const result = await gates.light.run(() => storeContents(db, host, contentBytes(input)));
  return { status: 200, headers: {}, json: result };
}

const HANDLERS: Record<string, { route: IngestRoute; handle: (req: MachineRequest) => Promise<MachineAnswer> }> = {
  [MACHINE_PATHS.enroll]: { route: "enroll", handle: enroll },
  [MACHINE_PATHS.checkin]: { route: "checkin", handle: checkin },
  [MACHINE_PATHS.report]: { route: "fingerprints", handle: report },
  [MACHINE_PATHS.contents]: { route: "contents", handle: contents },
};

/** Answers one machine request; every error becomes the API's JSON error shape (500s are logged, not sent). */
export async function answerMachine(path: string, req: MachineRequest): Promise<MachineAnswer> {
  const handler = HANDLERS[path];
  if (!handler) return { status: 404, headers: {}, json: { error: { code: "not_found", message: `No machine route ${path}.` } } };
  const t0 = performance.now();
  let answer: MachineAnswer;
  try {
    answer = await handler.handle(req);
  } catch (e) {
    answer = errorAnswer(e);
  }
  countIngest(handler.route, ingestOutcome(handler.route, answer.status, answer.json), (performance.now() - t0) / 1000, req.body.length);
  return answer;
}
