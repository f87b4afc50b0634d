"use client";

import Link from "next/link";
import type { Role } from "@/model/roles";
import { useDismissable } from "@/components/ui/use-dismissable";

export interface NavUser {
  name: string;
  email: string;
  role: Role;
}

/** Name and role in the top bar; the menu holds API tokens, user admin (admins) and sign-out. */
/** `signOut`: the server action (app/sign-in/actions.ts), handed down from the root layout. */
export function UserMenu({ me, signOut }: { me: NavUser; signOut: () => Promise<void> }) {
  const { open, setOpen, ref } = useDismissable();
  const item = "block w-full px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100";
  return (
    <div ref={ref} className="relative ml-3 shrink-0">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="menu"
        data-testid="user-menu"
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm text-slate-200 hover:bg-white/10"
      >
        <span className="max-w-40 truncate max-sm:hidden">{me.name}</span>
        <span className="rounded bg-white/15 px-1.5 py-0.5 text-xs font-medium text-white" data-testid="user-role">
          {me.role}
        </span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-30 mt-1 w-56 overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
          <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">{me.email}</p>
          <Link role="menuitem" href="/settings/tokens" className={item} onClick={() => setOpen(false)}>
            API tokens
          </Link>
          {me.role === "admin" && (
            <Link role="menuitem" href="/admin/users" className={item} onClick={() => setOpen(false)}>
              Users
            </Link>
          )}
          <form action={signOut} className="border-t border-slate-100">
            <button role="menuitem" type="submit" className={item}>
              Sign out
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
