// A fleet's declared state, as stored in specs.body and edited as YAML (lib/core/spec-yaml.ts).

/** A fleet's declared state. Versioned and immutable once saved. */
export interface Spec {
  packages: {
    /** exact: every installed package must be listed; allow-extras: listed ones are required, others are fine. */
    mode: "exact" | "allow-extras";
    /** key "name" or "name:arch"; value an exact version or "*" (any version). */
    pins: Record<string, string>;
  };
  configs: {
    /** exact: files not listed are unexpected; listed: only listed files are checked. */
    mode: "exact" | "listed";
    /** path → sha256 hex, "*" (must exist, any content), or "symlink:<target>". */
    files: Record<string, string>;
  };
  /** Glob patterns (* within a segment, ** across segments) of paths never compared. */
  ignore: string[];
  /** Optional OS expectation. */
  os?: { id?: string; versionId?: string };
  /** Drift items accepted for a while, with a reason (written as mapping entries of `ignore` in the YAML). */
  waivers?: Waiver[];
}

/** One waiver: a package (any drift of it) or a path glob (config drift), why, until when (YYYY-MM-DD, last day), by whom. */
export interface Waiver {
  path?: string;
  package?: string;
  reason: string;
  until?: string;
  by?: string;
}
