/** What a host's history records: enrolment, content changes, rebuilds and identity events (admin or agent). */
export type HostEvent = "enrolled" | "fingerprint" | "rebuilt" | "replaced" | "renamed" | "key-revoked";
