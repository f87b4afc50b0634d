// The request id a log line and its answer carry. A caller's own X-Request-Id (a proxy's, a load balancer's) is kept
// so one id follows a request across systems, but only when it is a plain token: it is written into every log line
// and echoed in a header, so spaces, quotes, control characters or a novel's worth of text are replaced.

/** Letters, digits and the punctuation request ids use (UUIDs, ULIDs, AWS "Root=1-…;Parent=…", W3C trace ids). */
const SANE = /^[A-Za-z0-9._:;=+/@-]{1,128}$/;

/** The caller's id when it is sane, otherwise null (the caller generates one). */
export function acceptedRequestId(header: string | string[] | undefined | null): string | null {
  if (typeof header !== "string") return null;
  return SANE.test(header) ? header : null;
}
