import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { DemoBanner } from "@/components/demo-banner";
import { Providers } from "@/components/providers";
import { TopNav } from "@/components/top-nav";
import { RebuildActionsProvider } from "@/components/rebuilds/rebuild-actions";
import { listFleetNav } from "@/lib/services/ui-fleet-nav";
import { getPagePrincipal } from "@/lib/server/auth";
import { showDemoBanner } from "@/lib/server/demo-banner";
import type { Principal } from "@/lib/server/principal";
import "./globals.css";
import { decideRebuildAction, requestRebuildAction } from "./rebuilds/actions";
import { signOut } from "./sign-in/actions";
import { log } from "@/lib/server/log";

// The nav reads the database, so nothing under this layout may be prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Fleetprint", template: "%s · Fleetprint" },
  description: "Package and config fingerprints of your servers: drift, snowflakes, mutable vs immutable fleets.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Fleet names are data too: only a signed-in person sees them in the nav. Each page checks its own role.
async function loadNav(): Promise<{ me: Principal | null; fleets: Awaited<ReturnType<typeof listFleetNav>> }> {
  await connection();
  try {
    const me = await getPagePrincipal();
    return { me, fleets: me ? await listFleetNav(await getDb()) : [] };
  } catch (e) {
    // A broken database must still leave a page that can show its error; the page itself reports it.
    log.error({ err: e }, "nav: could not list fleets");
    return { me: null, fleets: [] };
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { me, fleets } = await loadNav();
  const demo = await showDemoBanner(); // after loadNav's connection(): never read at build time
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <TopNav fleets={fleets} me={me && { name: me.name, email: me.email, role: me.role }} signOut={signOut} />
          {demo && <DemoBanner />}
          {/* components/ never imports app/: the rebuild forms get their server actions from here. */}
          <RebuildActionsProvider actions={{ requestRebuild: requestRebuildAction, decideRebuild: decideRebuildAction }}>
            <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
          </RebuildActionsProvider>
        </Providers>
      </body>
    </html>
  );
}
