// Creating share links of a project's streams (the owner's POST /v1/shares and capi's shortener both
// end here): the stream must exist and hold JSON, a snapshot is bound to its tail at creation, and a
// live link that lets viewers prompt has the `/prompts` stream its agent tails.
import { newShareCode, saveShareRoute } from "../db/share-codes";
import { insertLiveStreamShare, insertStreamShare, type StreamShare } from "../db/stream-shares";
import type { Env } from "../env";
import { ApiError, failureError } from "../lib/errors";
import { streamStub } from "../lib/stream-stub";
import { formatOffset } from "../shared/protocol/offsets";
import { isJsonType } from "../shared/protocol/durable-streams";
import { PROMPTS_STREAM_SUFFIX } from "../shared/prompt-limits";

export interface StreamShareRequest {
  projectId: string;
  orgId: string;
  path: string;
  mode: "live" | "snapshot";
  canPrompt: boolean;
  expiresAt: number;
  /** capi's registration: one live link per agent session (idempotent), and what a JSON resolve answers. */
  agent?: { sessionId: string; name: string; entryCount: number };
}

/** Creates the share (or, for an agent session's live link, finds the one it already has). */
export async function createStreamShare(env: Env, request: StreamShareRequest): Promise<StreamShare> {
  const stub = streamStub(env, request.projectId, request.path);
  const head = await stub.head();
  if (!head.ok) throw failureError(head.error);
  if (!isJsonType(head.value.contentType)) {
    throw new ApiError(400, "stream_not_json", `The stream ${request.path} holds ${head.value.contentType}; only JSON streams can be shared`);
  }
  if (request.mode === "live" && request.canPrompt) await ensurePromptsStream(env, request.projectId, request.path);
  const code = await newShareCode(env.SHARES);
  const share: StreamShare = {
    code,
    projectId: request.projectId,
    orgId: request.orgId,
    path: request.path,
    mode: request.mode,
    canPrompt: request.canPrompt,
    upToOffset: request.mode === "snapshot" ? formatOffset(head.value.tailSeq) : null,
    agentSessionId: request.agent?.sessionId ?? null,
    agent: request.agent?.name ?? null,
    entryCount: request.agent?.entryCount ?? 0,
    createdAt: Date.now(),
    expiresAt: request.expiresAt,
    revokedAt: null,
  };
  const saved =
    request.agent && request.mode === "live"
      ? await insertLiveStreamShare(env.DB, { ...share, agentSessionId: request.agent.sessionId })
      : await insertStreamShare(env.DB, share);
  // An existing live link already has its route; only a new code gets one.
  if (saved.code === code)
    await saveShareRoute(env.SHARES, code, { kind: "stream", path: request.path, projectId: request.projectId, orgId: request.orgId }, share.expiresAt);
  return saved;
}

/** The JSON stream viewers' prompts go to; an existing one (capi creates it on a live export) is kept as it is. */
async function ensurePromptsStream(env: Env, projectId: string, path: string): Promise<void> {
  const promptsPath = `${path}${PROMPTS_STREAM_SUFFIX}`;
  const reply = await streamStub(env, projectId, promptsPath).create({
    projectId,
    path: promptsPath,
    contentType: "application/json",
    ttlSeconds: null,
    expiresAt: null,
    closed: false,
    body: null,
    fork: null,
  });
  // 409: a stream with another configuration is there already; appends to it will say what is wrong.
  if (!reply.ok && reply.error.status !== 409) throw failureError(reply.error);
}
