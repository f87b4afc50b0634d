import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { HOST_CHIP, HOST_DOT, REQUEST_TONE, hostPath, type HostStatus, type RequestStatus } from "./status";

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return (
    <span data-testid="request-status" data-status={status}>
      <Badge tone={REQUEST_TONE[status]}>{status}</Badge>
    </span>
  );
}

/** A host of a request: its name, coloured by where its rebuild is; links to the host page. */
export function HostChip({ fleet, hostname, status, extra }: { fleet: string; hostname: string; status: HostStatus; extra?: string }) {
  return (
    <Link
      href={hostPath(fleet, hostname)}
      title={`${hostname}: ${status}${extra ? ` · ${extra}` : ""}`}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 font-mono text-xs ring-1 ring-inset hover:underline ${HOST_CHIP[status]}`}
      data-testid="host-chip"
      data-hostname={hostname}
      data-status={status}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${HOST_DOT[status]}`} />
      {hostname}
      {extra && <span className="font-sans text-[11px] opacity-75">{extra}</span>}
    </Link>
  );
}
