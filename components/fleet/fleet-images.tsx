"use client";

// The images uploaded for a fleet (POST /api/v1/images), newest first, with "publish as spec" for operators.
import { useState, useTransition } from "react";
import { formatDateTime } from "@/components/format";
import { ImageBadge } from "@/components/spec/image-badge";
import type { ImageRow } from "@/lib/core/image-ref";

type PublishResult = { ok: true; value: { version: number; published: boolean } } | { ok: false; error: string };

interface Props {
  fleet: string;
  images: ImageRow[];
  total: number;
  /** The digest the fleet's current spec version was published from, if any. */
  currentDigest: string | null;
  /** The server action (operators only); absent, no button. */
  publish?: (input: { fleet: string; digest: string }) => Promise<PublishResult>;
}

export function FleetImages({ fleet, images, total, currentDigest, publish }: Props) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ digest: string; text: string; error: boolean } | null>(null);
  const q = encodeURIComponent(fleet);
  if (images.length === 0) {
    return (
      <p className="p-4 text-sm text-slate-600" data-testid="no-images">
        No image uploaded for this fleet. From CI: <code className="font-mono text-xs">docker save web:1 | curl --data-binary @- -H &quot;Content-Type: application/x-tar&quot; …/api/v1/images?fleet={fleet}&amp;publish=1</code> (see the README, &quot;From CI&quot;).
      </p>
    );
  }
  const onPublish = (digest: string) =>
    start(async () => {
      const r = await publish!({ fleet, digest });
      setMessage(r.ok ? { digest, text: r.value.published ? `Published as spec v${r.value.version}.` : `Already spec v${r.value.version}.`, error: false } : { digest, text: r.error, error: true });
    });
  return (
    <div className="space-y-2 p-4">
      <ol className="divide-y divide-slate-100 text-sm" aria-label="Images" data-testid="fleet-images">
        {images.map((im) => (
          <li key={im.digest} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5" data-testid="fleet-image">
            <ImageBadge digest={im.digest} tag={im.tag} />
            <time className="ml-auto text-xs text-slate-500" dateTime={im.createdAt}>
              {formatDateTime(im.createdAt)}
            </time>
            {im.digest === currentDigest ? (
              <span className="text-xs font-medium text-emerald-700" data-testid="image-is-spec">
                current spec
              </span>
            ) : (
              publish && (
                <button type="button" disabled={pending} onClick={() => onPublish(im.digest)} className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50" data-testid="publish-image">
                  Publish as spec
                </button>
              )
            )}
            {message?.digest === im.digest && (
              <p role={message.error ? "alert" : "status"} className={`w-full text-xs ${message.error ? "text-red-700" : "text-emerald-700"}`} data-testid="publish-image-result">
                {message.text}
              </p>
            )}
          </li>
        ))}
      </ol>
      <p className="flex flex-wrap gap-3 text-xs text-slate-500">
        <span>
          {images.length} of {total}
        </span>
        <a href={`/api/v1/images?fleet=${q}&limit=500`} className="text-blue-700 hover:underline">
          All (JSON)
        </a>
        <a href={`/api/v1/images?fleet=${q}&format=csv`} className="text-blue-700 hover:underline" data-testid="images-csv">
          Export CSV
        </a>
      </p>
    </div>
  );
}
