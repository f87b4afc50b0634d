import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { Providers } from "@/components/providers";
import { TopNav } from "@/components/top-nav";
import { listFleetNav } from "@/lib/services/ui-fleet-nav";
import "./globals.css";

// The nav reads the database, so nothing under this layout may be prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Fleetprint", template: "%s · Fleetprint" },
  description: "Package and config fingerprints of your servers: drift, snowflakes, mutable vs immutable fleets.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

async function loadNav() {
  await connection();
  try {
    return await listFleetNav(await getDb());
  } catch (e) {
    // A broken database must still leave a page that can show its error; the page itself reports it.
    console.error("[fleetprint] nav: could not list fleets", e);
    return [];
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const fleets = await loadNav();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <TopNav fleets={fleets} />
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
