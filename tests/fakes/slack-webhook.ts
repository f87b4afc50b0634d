// A Slack incoming webhook (https://api.slack.com/messaging/webhooks), as its contract describes it:
//  - POST a JSON body to the secret /services/T…/B…/… path; any other path is 404 "no_service";
//  - the body needs `text` or `blocks`: otherwise 400 "no_text"; unparseable JSON is 400 "invalid_payload";
//  - blocks: at most 50, a section's mrkdwn text at most 3,000 characters, else 400 "invalid_blocks";
//  - success is 200 with the plain-text body "ok"; rate limiting is 429 "rate_limited" with Retry-After (seconds).
import { startServer, type FakeServer, type RecordedCall } from "./http-server";

export interface SlackMessage {
  call: RecordedCall;
  text?: string;
  blocks?: { type: string; text?: { type: string; text: string } }[];
}

export interface SlackWebhook extends FakeServer {
  /** The secret webhook URL to configure. */
  hookUrl: string;
  /** Messages Slack would have posted (accepted ones only). */
  messages: SlackMessage[];
  /** The next POST gets 429 rate_limited with this Retry-After. */
  rateLimitNext: (retryAfterSeconds: number) => void;
  /** The next POST gets a Slack error: e.g. (404, "channel_not_found"), (410, "channel_is_archived"), (500, "rollup_error"). */
  failNext: (status: number, error: string) => void;
}

const HOOK_PATH = "/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX";
const text = (status: number, body: string) => ({ status, headers: { "content-type": "text/html" }, body });

export async function startSlackWebhook(): Promise<SlackWebhook> {
  const messages: SlackMessage[] = [];
  const server = await startServer((call) => {
    if (call.method !== "POST") return text(405, "invalid_method");
    if (call.path !== HOOK_PATH) return text(404, "no_service");
    let payload: unknown;
    try {
      payload = JSON.parse(call.body);
    } catch {
      return text(400, "invalid_payload");
    }
    if (typeof payload !== "object" || payload === null) return text(400, "invalid_payload");
    const { text: t, blocks } = payload as { text?: unknown; blocks?: unknown };
    if ((typeof t !== "string" || !t) && !Array.isArray(blocks)) return text(400, "no_text");
    if (blocks !== undefined) {
      if (!Array.isArray(blocks) || blocks.length > 50) return text(400, "invalid_blocks");
      for (const b of blocks as SlackMessage["blocks"] & unknown[]) {
        if (!b || typeof b.type !== "string") return text(400, "invalid_blocks");
        if (b.type === "section" && (typeof b.text?.text !== "string" || b.text.text.length > 3000 || b.text.text.length === 0)) return text(400, "invalid_blocks");
      }
    }
    messages.push({ call, text: typeof t === "string" ? t : undefined, blocks: blocks as SlackMessage["blocks"] });
    return text(200, "ok");
  });
  return {
    ...server,
    hookUrl: server.url + HOOK_PATH,
    messages,
    rateLimitNext: (s) => server.inject({ status: 429, headers: { "content-type": "text/html", "retry-after": String(s) }, body: "rate_limited" }),
    failNext: (status, error) => server.inject({ status, headers: { "content-type": "text/html" }, body: error }),
  };
}
