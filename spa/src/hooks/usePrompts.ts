// Prompt submission with optimistic display: a prompt shows as queued at once and leaves the
// pending list when its user_message arrives (visiblePending drops delivered promptIds). A stream
// share has no queue: its prompt is appended to the stream's `/prompts` stream and nothing is pending.
import { useCallback, useMemo, useState } from "react";
import { MAX_DISPLAY_NAME_LENGTH } from "../../../src/shared/prompt-limits";
import { type ApiError, type ApiResult, submitPrompt } from "../lib/api";
import { appendStreamPrompt, streamPrompt } from "../lib/stream-share";
import { type PendingPrompt, type PendingView, visiblePending } from "../lib/pending";
import type { ViewState } from "../lib/rows";
import type { ShareSession } from "./useShareSession";

/** A network failure is retried once with the same promptId (the server deduplicates by it). */
const RETRY_DELAY_MS = 1_000;

export function newPromptId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export interface Prompts {
  pending: PendingView[];
  /** Every promptId submitted from this page. */
  own: ReadonlySet<string>;
  /** Resolves to null when accepted, or the error to show. */
  submit: (text: string, name: string) => Promise<ApiError | null>;
}

/** `streamPath` is a stream share's stream (its prompts go to `<streamPath>/prompts`), null for a session share. */
export function usePrompts(view: ViewState, withToken: ShareSession["withToken"], streamPath: string | null = null): Prompts {
  const [pending, setPending] = useState<PendingPrompt[]>([]);
  const own = useMemo(() => new Set(pending.map((prompt) => prompt.promptId)), [pending]);

  const submit = useCallback(
    async (text: string, name: string): Promise<ApiError | null> => {
      if (streamPath !== null) {
        // Not retried: a stream append has no promptId to deduplicate by.
        const appended = await withToken((token) => appendStreamPrompt(fetch, streamPath, token, streamPrompt(text, name, Date.now())));
        return appended.ok ? null : appended.error;
      }
      const prompt: PendingPrompt = {
        promptId: newPromptId(),
        text,
        // A name remembered from before the bound (or typed around the field) is cut to it, not refused.
        user: { name: name.trim().slice(0, MAX_DISPLAY_NAME_LENGTH) },
        sentAt: Date.now(),
        position: null,
        accepted: false,
      };
      setPending((list) => [...list, prompt]);
      const send = (): Promise<ApiResult<{ position: number }>> =>
        withToken((token, share) => submitPrompt(fetch, share.sessionId, token, { text, promptId: prompt.promptId, user: prompt.user }));
      let result = await send();
      if (!result.ok && result.error.status === 0) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        result = await send();
      }
      if (result.ok) {
        const position = result.value.position;
        setPending((list) => list.map((item) => (item.promptId === prompt.promptId ? { ...item, accepted: true, position } : item)));
        return null;
      }
      setPending((list) => list.filter((item) => item.promptId !== prompt.promptId));
      return result.error;
    },
    [withToken, streamPath],
  );

  const visible = useMemo(() => visiblePending(pending, view), [pending, view]);
  return { pending: visible, own, submit };
}
