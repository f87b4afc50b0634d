"use client";

import { useActionState, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDate } from "@/components/format";
import { ROLES, type Role } from "@/model/roles";
import { createUserAction, updateUserAction } from "./actions";

interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const field = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";
const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";

export function UsersClient({ users, meId }: { users: UserView[]; meId: string }) {
  const [created, create, creating] = useActionState(createUserAction, null);
  return (
    <>
      <Card testId="create-user">
        <CardHeader title="New user" />
        <form action={create} className="grid grid-cols-1 gap-3 p-4 sm:grid-cols-2">
          <label className="text-sm font-medium text-slate-700">
            Email
            <input name="email" type="email" required autoComplete="off" className={field} />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Name
            <input name="name" required maxLength={100} autoComplete="off" className={field} />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Initial password <span className="font-normal text-slate-500">(10+ characters; tell them to change it)</span>
            <input name="password" type="password" required minLength={10} autoComplete="new-password" className={field} />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Role
            <select name="role" defaultValue="viewer" className={field}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <div className="flex items-center gap-3 sm:col-span-2">
            <button type="submit" disabled={creating} className={`${button} bg-slate-900 text-white hover:bg-slate-700`}>
              Create user
            </button>
            {created && (
              <p role={created.ok ? "status" : "alert"} className={`text-sm ${created.ok ? "text-emerald-700" : "text-red-700"}`}>
                {created.ok ? created.value : created.error}
              </p>
            )}
          </div>
        </form>
      </Card>

      <Card testId="user-list">
        <CardHeader title={`Users (${users.length})`} />
        <ul className="divide-y divide-slate-100">
          {users.map((u) => (
            <UserRow key={u.id} user={u} isMe={u.id === meId} />
          ))}
        </ul>
      </Card>
    </>
  );
}

function UserRow({ user: u, isMe }: { user: UserView; isMe: boolean }) {
  const [result, update, pending] = useActionState(updateUserAction, null);
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" data-testid="user-row" data-email={u.email}>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">
          {u.name} {isMe && <span className="text-xs font-normal text-slate-500">(you)</span>}{" "}
          {u.disabled && <Badge tone="red">disabled</Badge>}
        </p>
        <p className="truncate text-xs text-slate-500">
          {u.email} · since {formatDate(u.createdAt)}
        </p>
        {result && !result.ok && (
          <p role="alert" className="text-xs text-red-700">
            {result.error}
          </p>
        )}
      </div>
      <RoleForm key={`${u.role}-${result && !result.ok ? result.error : ""}`} user={u} update={update} pending={pending} />
      <form action={update}>
        <input type="hidden" name="id" value={u.id} />
        <input type="hidden" name="disabled" value={String(!u.disabled)} />
        <button type="submit" disabled={pending} className={`${button} border border-slate-300 bg-white hover:bg-slate-50`}>
          {u.disabled ? "Enable" : "Disable"}
        </button>
      </form>
    </li>
  );
}

/**
 * Picking a role only drafts it (arrow keys on a focused select fire change events); saving asks for
 * confirmation, and only an accepted dialog fills the `confirm` field the server action requires. Keyed by the
 * stored role and the last refusal, so a saved or refused change starts from the stored role again.
 */
function RoleForm({ user: u, update, pending }: { user: UserView; update: (form: FormData) => void; pending: boolean }) {
  const [draft, setDraft] = useState<Role>(u.role);
  const changed = draft !== u.role;
  return (
    <form
      action={update}
      className="flex items-center gap-2"
      // Cancel is a reset button: the select returns to its default (the stored role) natively.
      onReset={() => setDraft(u.role)}
      onSubmit={(e) => {
        const form = e.currentTarget;
        if (!confirm(`Change the role of ${u.email} from ${u.role} to ${draft}? It takes effect on their next request.`)) {
          e.preventDefault();
          return;
        }
        (form.elements.namedItem("confirm") as HTMLInputElement).value = draft;
      }}
    >
      <input type="hidden" name="id" value={u.id} />
      <input type="hidden" name="confirm" defaultValue="" />
      <label className="sr-only" htmlFor={`role-${u.id}`}>
        Role of {u.email}
      </label>
      <select
        id={`role-${u.id}`}
        name="role"
        defaultValue={u.role}
        disabled={pending}
        onChange={(e) => setDraft(e.currentTarget.value as Role)}
        className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      >
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      {changed && (
        <>
          <button type="submit" disabled={pending} className={`${button} bg-slate-900 text-white hover:bg-slate-700`} data-testid="save-role">
            Save role
          </button>
          <button type="reset" className={`${button} border border-slate-300 bg-white hover:bg-slate-50`}>
            Cancel
          </button>
        </>
      )}
    </form>
  );
}
