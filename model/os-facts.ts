/** The OS a fingerprint was taken on (reports, fingerprints.os). */
export interface OsFacts {
  id: string; // os-release ID, e.g. "debian"
  versionId: string; // os-release VERSION_ID, e.g. "12"
  prettyName: string;
  /** Running kernel release; null when fingerprinting a mounted root or image (--root). */
  kernel: string | null;
  arch: string; // uname -m or dpkg architecture
}
