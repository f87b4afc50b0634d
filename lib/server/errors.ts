import "server-only";
// The one error type. Services throw it; routes map it to a status. Anything else is a 500 whose cause is
// logged, never sent (database messages can leak schema and data).
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "too_many_requests"
  | "busy"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  busy: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (sent as Retry-After with "busy" and "too_many_requests"). */
    readonly retryAfter?: number,
    /** Extra fields of the JSON error a client can act on (a spec's problems with their lines). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const badRequest = (m: string) => new AppError("bad_request", m);
export const notFound = (m: string) => new AppError("not_found", m);
export const conflict = (m: string) => new AppError("conflict", m);
export const unauthorized = (m: string) => new AppError("unauthorized", m);
export const forbidden = (m: string) => new AppError("forbidden", m);
export const busy = (m: string, retryAfter: number) => new AppError("busy", m, retryAfter);
export const badRequestWith = (m: string, details: Record<string, unknown>) => new AppError("bad_request", m, undefined, details);
