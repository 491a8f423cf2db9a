// Opens a share: exchanges the code for a viewer token (kept fresh), reads the session log (or, for
// a stream share, the Durable Stream, its items given synthetic offsets) live from the start, and
// folds it into the view model. Also hands out `withToken` for authorized calls.
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, type ApiResult, eventsUrl, type ShareToken } from "../lib/api";
import { decodeItem, type Incoming } from "../lib/events";
import { applyItems, emptyView, type ViewState } from "../lib/rows";
import { abortableSleep, type LinkState, runStream } from "../lib/stream";
import { stampOffsets, streamEventsUrl } from "../lib/stream-share";
import { TokenKeeper } from "../lib/token-keeper";

export type Phase = { kind: "loading" } | { kind: "unavailable"; error: ApiError } | { kind: "ready"; share: ShareToken };
export type Connection = LinkState | "snapshot" | "ended" | "revoked";

/** Items are applied in batches, at most this often, so a long catch-up renders a few times, not thousands. */
const FLUSH_INTERVAL_MS = 50;

/** Waits like abortableSleep, but wakes early when the browser comes back online. */
function sleepUntilOnline(ms: number, signal: AbortSignal): Promise<void> {
  const wake = new AbortController();
  const onOnline = (): void => wake.abort();
  window.addEventListener("online", onOnline, { once: true });
  return abortableSleep(ms, AbortSignal.any([signal, wake.signal])).finally(() => window.removeEventListener("online", onOnline));
}

export interface ShareSession {
  phase: Phase;
  view: ViewState;
  connection: Connection;
  revoked: boolean;
  /** The first read has reached the end of the log once (until then an empty view means "still loading"). */
  caughtUp: boolean;
  /** Runs `call` with the current token (and the share it opens), once more with a renewed token after a 401. */
  withToken: <T>(call: (token: string, share: ShareToken) => Promise<ApiResult<T>>) => Promise<ApiResult<T>>;
}

export function useShareSession(code: string): ShareSession {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [view, setView] = useState<ViewState>(emptyView);
  const [link, setLink] = useState<LinkState>("connecting");
  const [streamEnded, setStreamEnded] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const [caughtUp, setCaughtUp] = useState(false);
  const keeperRef = useRef<TokenKeeper | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const fetchFn = (input: string, init?: RequestInit): Promise<Response> => fetch(input, init);
    const keeper = new TokenKeeper({
      code,
      fetch: fetchFn,
      onRenewed: () => undefined,
      onGone: () => {
        setRevoked(true);
        abort.abort();
      },
    });
    keeperRef.current = keeper;
    let buffer: unknown[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let limit: string | null = null;
    const flush = (): void => {
      timer = null;
      const decoded: Incoming[] = [];
      for (const raw of buffer) {
        const item = decodeItem(raw);
        if (item) decoded.push(item);
      }
      buffer = [];
      setView((current) => applyItems(current, decoded, limit));
    };

    void keeper.start().then((result) => {
      if (abort.signal.aborted) return;
      if (!result.ok) {
        setPhase({ kind: "unavailable", error: result.error });
        return;
      }
      const share = result.value;
      limit = share.mode === "snapshot" ? share.upToOffset : null;
      setPhase({ kind: "ready", share });
      const streamPath = share.kind === "stream" ? share.streamPath : null;
      void runStream(
        {
          fetch: fetchFn,
          url: (offset) => (streamPath === null ? eventsUrl(share.sessionId, offset) : streamEventsUrl(streamPath, offset)),
          token: () => keeper.current?.token ?? share.token,
          onItems: (items, position) => {
            // A plain stream's items have no offset of their own: each gets its batch's start plus its index.
            buffer.push(...(streamPath === null ? items : stampOffsets(items, position.base, position.index)));
            timer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
          },
          onState: setLink,
          onControl: (control) => {
            if (control.upToDate !== true) return;
            // Rows already buffered are applied in the same render as the flag, so "loading" never shows as "empty".
            if (timer !== null) clearTimeout(timer);
            flush();
            setCaughtUp(true);
          },
          onDenied: async () => (await keeper.renewNow()) !== "gone",
          stopAfter: share.mode === "snapshot" ? (control) => control.upToDate === true : undefined,
          sleep: sleepUntilOnline,
        },
        abort.signal,
      ).then(({ end }) => {
        if (timer !== null) clearTimeout(timer);
        flush();
        // A snapshot's stream is closed at its bound by design; only a live stream's close means the session ended.
        if (end === "closed" && share.mode === "live") setStreamEnded(true);
        if (end === "unauthorized") setRevoked(true);
      });
    });

    return () => {
      abort.abort();
      keeper.stop();
      if (timer !== null) clearTimeout(timer);
      keeperRef.current = null;
    };
  }, [code]);

  const withToken = useCallback(async <T>(call: (token: string, share: ShareToken) => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
    const keeper = keeperRef.current;
    const token = keeper?.current;
    if (!keeper || !token) return { ok: false, error: { status: 0, code: "not_ready", message: "Still connecting." } };
    const first = await call(token.token, token);
    if (first.ok || first.error.status !== 401) return first;
    const renewed = await keeper.renewNow();
    const fresh = keeper.current;
    if (renewed !== "ok" || !fresh) return first;
    return call(fresh.token, fresh);
  }, []);

  const snapshot = phase.kind === "ready" && phase.share.mode === "snapshot";
  const connection: Connection = revoked ? "revoked" : view.ended || streamEnded ? "ended" : snapshot && link !== "reconnecting" ? "snapshot" : link;
  return { phase, view, connection, revoked, caughtUp, withToken };
}
