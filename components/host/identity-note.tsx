import type { HostEvent } from "@/lib/core/types";
import { formatDateTime } from "@/components/format";

export interface IdentityState {
  keyRevokedAt: string | null;
  /** The newest enrolment, replacement, rename or key revocation. */
  last: { event: HostEvent; at: string; detail: Record<string, unknown> | null } | null;
}

const text = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * Under the host header: a revoked key (the host is silent until it enrolls again) or a replacement (another
 * machine took over this hostname, so what came before it was a different machine).
 */
export function IdentityNote({ keyRevokedAt, last }: IdentityState) {
  if (keyRevokedAt) {
    return (
      <p className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="identity-note" data-kind="key-revoked">
        Host key revoked on <time dateTime={keyRevokedAt}>{formatDateTime(keyRevokedAt)}</time>: its reports are refused until it enrolls again.
      </p>
    );
  }
  if (last?.event !== "replaced") return null;
  const before = text(last.detail?.previousMachineId);
  const after = text(last.detail?.machineId);
  return (
    <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="identity-note" data-kind="replaced">
      Replaced by another machine on <time dateTime={last.at}>{formatDateTime(last.at)}</time>
      {before && after ? (
        <>
          {" "}
          (machine id <span className="font-mono text-xs">{before}</span> → <span className="font-mono text-xs">{after}</span>)
        </>
      ) : null}
      : the previous machine&apos;s key no longer works, and history before that date describes it.
    </p>
  );
}
