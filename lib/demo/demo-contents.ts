import "server-only";
// Real text behind a few demo config files, so the demo shows line diffs (issue 9): every host carries php.ini as
// shipped (php.ini-production: memory_limit = 128M), and the hand edits of the timeline ("memory_limit=1G") change
// its lines. The demo's hash of such a file is the sha256 of this text, and seedDemoContents stores the text as an
// agent would have sent it. Other demo files keep their synthetic hashes: their content was "never received".
import type { Db } from "@/db/client";
import { sha256OfText } from "@/lib/core/text-hash";
import { insertContents } from "@/lib/services/store-contents";

export const DEMO_PHP_INI = "/etc/php/8.2/apache2/php.ini";

const SHIPPED: Record<string, string> = {
  [DEMO_PHP_INI]: `[PHP]

;;;;;;;;;;;;;;;;;;;
; About php.ini   ;
;;;;;;;;;;;;;;;;;;;
; This is the php.ini-production INI file.

engine = On
short_open_tag = Off
precision = 14
output_buffering = 4096
zlib.output_compression = Off
implicit_flush = Off
serialize_precision = -1
disable_functions =
zend.enable_gc = On
expose_php = Off

;;;;;;;;;;;;;;;;;;;
; Resource Limits ;
;;;;;;;;;;;;;;;;;;;

max_execution_time = 30
max_input_time = 60
; Maximum amount of memory a script may consume
memory_limit = 128M

;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;
; Error handling and logging ;
;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;

error_reporting = E_ALL & ~E_DEPRECATED & ~E_STRICT
display_errors = Off
display_startup_errors = Off
log_errors = On

;;;;;;;;;;;;;;;;;
; Data Handling ;
;;;;;;;;;;;;;;;;;

variables_order = "GPCS"
request_order = "GP"
post_max_size = 8M
default_mimetype = "text/html"
default_charset = "UTF-8"

;;;;;;;;;;;;;;;;
; File Uploads ;
;;;;;;;;;;;;;;;;

file_uploads = On
upload_max_filesize = 2M
max_file_uploads = 20

[Date]
;date.timezone =

[Session]
session.save_handler = files
session.use_strict_mode = 0
session.use_cookies = 1
session.cookie_httponly =
session.gc_maxlifetime = 1440
`,
};

/** Every text this process produced a demo hash for, by that hash: what seedDemoContents stores. */
const produced = new Map<string, string>();

/** "memory_limit=1G" applied to the text: the setting's line rewritten (or appended), as an editor would. */
function applyEdit(text: string, edit: string): string {
  const eq = edit.indexOf("=");
  const key = (eq < 0 ? edit : edit.slice(0, eq)).trim();
  const line = eq < 0 ? edit : `${key} = ${edit.slice(eq + 1).trim()}`;
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.split("=")[0].trim() === key);
  if (at >= 0) lines[at] = line;
  else lines.splice(lines.length - 1, 0, line);
  return lines.join("\n");
}

/** The demo text of `path` at `revision` ("site:v1", "pkg:…" = as shipped, "edit:k=v" = hand-edited), or null. */
function demoContent(path: string, revision: string): string | null {
  const shipped = SHIPPED[path];
  if (shipped === undefined) return null;
  return revision.startsWith("edit:") ? applyEdit(shipped, revision.slice(5)) : shipped;
}

/** sha256 of the demo text of `path` at `revision`, remembered for seeding; null for files without demo text. */
export function demoContentHash(path: string, revision: string): string | null {
  const text = demoContent(path, revision);
  if (text === null) return null;
  const hash = sha256OfText(text);
  produced.set(hash, text);
  return hash;
}

/** Stores the texts behind the demo hashes made so far, as agents would have sent them. */
export async function seedDemoContents(db: Db): Promise<number> {
  const rows = [...produced].map(([sha256, content]) => ({ sha256, content, size: Buffer.byteLength(content) }));
  if (rows.length === 0) return 0;
  await insertContents(db, rows);
  return rows.length;
}
