import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { findHost } from "@/lib/services/get-host";
import { orNotFound } from "@/lib/server/load-or-404";
import { safeDecode } from "@/components/safe-decode";

// The host exists before its page (or its diff) streams a loading state; the fleet's layout checked the rest.
export default async function HostGuard({ children, params }: { children: ReactNode; params: Promise<{ name: string; hostname: string }> }) {
  const { name, hostname } = await params;
  await orNotFound(findHost(await getDb(), safeDecode(hostname), name));
  return children;
}
