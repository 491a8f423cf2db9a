// A stream share's viewer on /v1/stream (viewer-auth has already bound it to its stream and its
// `/prompts` stream): its open reads end soon after the share does, and what it appends is a prompt
// in the agent-session-protocol shape, nothing else.
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError, validationError } from "../lib/errors";
import { StreamPrompt } from "../shared/schemas/shares";
import { streamShareState, VIEWER_SHARE_RECHECK_MS } from "./share-access";

/** The "still allowed?" check an open viewer response repeats. */
export function streamShareRecheck(c: Context<AppEnv>, code: string) {
  const projectId = c.get("principal").project.id;
  return { everyMs: VIEWER_SHARE_RECHECK_MS, allowed: async () => (await streamShareState(c.env, code, projectId)).status === "active" };
}

/** 400 unless the body is one prompt `{v: 1, ts, type: "prompt", text, user?: {name}}`. */
export async function assertViewerPrompt(c: Context<AppEnv>): Promise<void> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON");
  }
  const parsed = StreamPrompt.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, "body");
}
