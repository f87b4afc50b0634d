import "server-only";
// An async generator as a response body. The stream pulls one chunk at a time (a queue of one), so producing
// never runs ahead of the client; when the client goes away the generator is returned, which stops its
// database reads. A failure after the first byte cannot change the status any more: it is logged and the
// connection is cut, so the client sees a broken download rather than a complete-looking truncated file.
import { log } from "./log";

export function streamFrom(gen: AsyncGenerator<Uint8Array>, what: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await gen.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (e) {
          log.error({ err: e }, `${what} failed while streaming`);
          controller.error(e);
        }
      },
      async cancel() {
        await gen.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** Headers of a streamed download: saved under `filename`, never cached or sniffed, not held back by a proxy. */
export function streamedDownloadHeaders(contentType: string, filename: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Accel-Buffering": "no", // a proxy in front must not hold the stream back
  };
}
