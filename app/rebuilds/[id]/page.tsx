import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { roleAtLeast } from "@/lib/server/principal";
import { getRebuild } from "@/lib/services/get-rebuild";
import { orNotFound } from "@/lib/server/load-or-404";
import { safeDecode } from "@/components/safe-decode";
import { RebuildClient } from "./rebuild-client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Rebuild ${safeDecode(id).slice(0, 8)}` };
}

export default async function RebuildPage({ params }: Props) {
  const me = await requirePageRole("viewer");
  const { id } = await params;
  const request = await orNotFound(getRebuild(await getDb(), safeDecode(id), { answers: roleAtLeast(me.role, "admin") }));
  return <RebuildClient initial={request} me={{ userId: me.userId, role: me.role }} now={new Date().toISOString()} />;
}
