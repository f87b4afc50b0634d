import "server-only";
// The client address of the request being handled, for the audit log and sign-in limits. scripts/server.mjs (the
// production front door) writes the socket's peer address into PEER_HEADER, replacing anything a client sent;
// without it (`next dev`) the peer is unknown and no forwarded header is believed.
import { clientAddress, parseTrustedProxies, type TrustedProxies } from "./client-address";

export const PEER_HEADER = "x-fleetprint-peer";

const g = globalThis as unknown as { __fleetprintTrustedProxies?: { raw: string | undefined; list: TrustedProxies } };

/** FLEETPRINT_TRUSTED_PROXIES, parsed once (bootstrap calls this at start so a bad entry stops the server). */
export function trustedProxies(): TrustedProxies {
  const raw = process.env.FLEETPRINT_TRUSTED_PROXIES;
  let cached = g.__fleetprintTrustedProxies;
  if (!cached || cached.raw !== raw) cached = g.__fleetprintTrustedProxies = { raw, list: parseTrustedProxies(raw) };
  return cached.list;
}

export function requestClientIp(header: (name: string) => string | null): string | null {
  return clientAddress(header(PEER_HEADER), header, trustedProxies());
}

export function clientIpOf(headers: Headers): string | null {
  return requestClientIp((n) => headers.get(n));
}
