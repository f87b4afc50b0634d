import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPagePrincipal } from "@/lib/server/auth";
import { safeNextPath } from "@/lib/server/redirect-path";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getPagePrincipal()) redirect(next);
  return (
    <div className="mx-auto mt-10 max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Fleetprint</h1>
      <p className="mt-1 text-sm text-slate-500">Accounts are created by an admin; there is no sign-up.</p>
      <SignInForm next={next} />
    </div>
  );
}
