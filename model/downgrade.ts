/** A pinned package a rebuild from spec would move backwards (lib/core/downgrades.ts finds them; requests store them). */
export interface Downgrade {
  hostname: string;
  subject: string;
  /** The host's version now, and the spec's, which the rebuild installs. */
  from: string;
  to: string;
}
