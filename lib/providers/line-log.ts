import "server-only";
import { StringDecoder } from "node:string_decoder";

export const DEFAULT_LOG_CAP = 1 << 20; // 1 MiB of output per rebuild: enough for terraform, bounded for the database
const MAX_LINE = 16 * 1024;

/**
 * Splits a byte stream into lines for ctx.log, across chunk boundaries and multi-byte characters. All
 * streams of one process share a budget; past it, one line says so and the rest is counted, not kept.
 */
export class CappedLog {
  private used = 0;
  private dropped = 0;
  constructor(
    private readonly log: (line: string) => void,
    private readonly cap = DEFAULT_LOG_CAP,
  ) {}

  stream(onLine?: (line: string) => void) {
    const decoder = new StringDecoder("utf8");
    let partial = "";
    const emit = (line: string) => {
      const clean = line.replace(/\r$/, "");
      onLine?.(clean);
      this.write(clean);
    };
    return {
      push: (chunk: Buffer) => {
        partial += decoder.write(chunk);
        let nl: number;
        while ((nl = partial.indexOf("\n")) >= 0) {
          emit(partial.slice(0, nl));
          partial = partial.slice(nl + 1);
        }
        while (partial.length > MAX_LINE) {
          emit(partial.slice(0, MAX_LINE));
          partial = partial.slice(MAX_LINE);
        }
      },
      end: () => {
        partial += decoder.end();
        if (partial) emit(partial);
        partial = "";
      },
    };
  }

  private write(line: string) {
    const size = Buffer.byteLength(line) + 1;
    if (this.used + size > this.cap) {
      if (this.dropped === 0) this.log(`… output truncated: the log keeps the first ${sizeText(this.cap)}`);
      this.dropped += size;
      return;
    }
    this.used += size;
    this.log(line);
  }

  /** Bytes not logged because of the cap. */
  get droppedBytes() {
    return this.dropped;
  }
}

function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
