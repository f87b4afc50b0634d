import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenContext, getPagePrincipal } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Not allowed" };

// Rendered (with status 403) when requirePageRole finds the signed-in person's role too low for the page.
export default async function Forbidden() {
  const me = await getPagePrincipal();
  const { need } = forbiddenContext();
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-amber-700">403</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Your role does not allow this page</h1>
      <p className="mt-3 text-slate-600">
        {need ? `It needs role ${need}; ` : "It needs a higher role; "}
        {me ? `you are ${me.role} (${me.email}).` : "you are not signed in."} An admin can change roles under Users.
      </p>
      <div className="mt-6 flex justify-center gap-3 text-sm">
        <Link href="/" className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700">
          Go to the overview
        </Link>
      </div>
    </div>
  );
}
