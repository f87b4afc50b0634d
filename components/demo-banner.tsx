// Shown on every page while demo accounts can sign in: whoever finds this server should know its logins are
// for trying Fleetprint, and whoever runs it where to find (and how to retire) them.
export function DemoBanner() {
  return (
    <div role="note" aria-label="Demo data" data-testid="demo-banner" className="border-b border-amber-200 bg-amber-50 text-amber-900">
      <p className="mx-auto max-w-7xl px-4 py-1.5 text-xs">
        <strong className="font-semibold">Demo data.</strong> The demo accounts (<code>admin@demo.fleetprint</code> and one per role) are for
        trying Fleetprint. Their password was printed when the server first started and is kept on the server in the data folder&apos;s{" "}
        <code>demo-password</code> file (or set by <code>FLEETPRINT_DEMO_PASSWORD</code>). Disable them on the People page before real use.
      </p>
    </div>
  );
}
