import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { listUsers } from "@/lib/services/list-users";
import { UsersClient } from "./users-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageRole("admin");
  const users = await listUsers(await getDb());
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Roles add up: <strong>viewer</strong> reads, <strong>operator</strong> also edits specs and requests rebuilds,{" "}
          <strong>approver</strong> also approves or rejects them, <strong>admin</strong> also manages users, fleets and secrets. A disabled user is
          signed out and their API tokens stop working.
        </p>
      </div>
      <UsersClient meId={me.userId} users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))} />
    </div>
  );
}
