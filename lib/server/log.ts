import "server-only";
// One structured logger per process (pino), kept on globalThis: Next compiles instrumentation, route handlers and
// pages into separate bundles, and scripts/server.mjs reaches it through lib/server/machine-api. JSON lines on
// stdout; pino-pretty only when a person watches a terminal. Secrets never reach a line: nothing logs a request
// body or headers, the paths below are censored should an object carrying one be logged, and a failed query's
// parameters (a session token, a webhook URL) are cut from errors.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const SECRET_KEYS = ["authorization", "cookie", "set-cookie", "password", "token", "hostKey", "secret", "enrollSecret", "apiToken", "webhookSecret", "x-fleetprint-signature"];
/** Censored wherever they appear at the top of a line's object or one level down (headers, input, body). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [`["${k}"]`, `*["${k}"]`, `*.headers["${k}"]`]);

/** LOG_LEVEL, or info; an unknown level is refused at start rather than silently logging everything or nothing. */
export function logLevel(env: Record<string, string | undefined>): (typeof LEVELS)[number] {
  const v = env.LOG_LEVEL?.trim().toLowerCase();
  if (!v) return "info";
  if (!(LEVELS as readonly string[]).includes(v)) throw new Error(`LOG_LEVEL=${env.LOG_LEVEL} is not one of ${LEVELS.join(", ")}.`);
  return v as (typeof LEVELS)[number];
}

/** A query's parameters, as drizzle writes them into a failed query's message ("params: a,b,c") and fields. */
const PARAMS_LINE = /^(\s*params: ).*$/gm;

function scrubbed(e: Record<string, unknown>): Record<string, unknown> {
  delete e.params;
  delete e.parameters;
  for (const k of ["message", "stack"]) if (typeof e[k] === "string") e[k] = (e[k] as string).replace(PARAMS_LINE, "$1[redacted]");
  if (e.cause && typeof e.cause === "object") e.cause = scrubbed(e.cause as Record<string, unknown>);
  return e;
}

export function errSerializer(e: unknown): unknown {
  const s = pino.stdSerializers.errWithCause(e as Error);
  return s && typeof s === "object" ? scrubbed(s as unknown as Record<string, unknown>) : s;
}

export function loggerOptions(env: Record<string, string | undefined>): LoggerOptions {
  return {
    level: logLevel(env),
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: { err: errSerializer },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(env: Record<string, string | undefined>, stream?: DestinationStream, tty = Boolean(process.stdout.isTTY)): Logger {
  // pino-pretty as a stream in this thread (not a transport's worker, which a bundled server cannot resolve).
  return pino(loggerOptions(env), stream ?? (tty ? pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }) : undefined));
}

const g = globalThis as unknown as { __fleetprintLog?: Logger };
export const log: Logger = (g.__fleetprintLog ??= createLogger(process.env));

/**
 * A secret generated at first start (the bootstrap admin token, the demo password) is shown to the person at the
 * terminal, once; a log read by a machine (a container's, journald's) only says where it is kept.
 */
export function showOnce(what: string, value: string, file: string, advice: string, tty = Boolean(process.stdout.isTTY)) {
  if (tty) process.stdout.write(`\n[fleetprint] Generated ${what} (shown once; stored in ${file}, mode 0600):\n\n    ${value}\n\n${advice}\n`);
  else log.info({ file }, `Generated ${what}; read it from ${file} (mode 0600). ${advice.replace(/\s+/g, " ").trim()}`);
}
