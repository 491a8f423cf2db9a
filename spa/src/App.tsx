// The viewer app: /connect/<token> is a connect link's page; otherwise the share viewer resolves
// the share code from /s/<code>, then lays out the header,
// transcript, queue panel (side column when wide, collapsible when narrow) and composer. A stream
// share (a Durable Stream such as capi's) has no queue and no permission answers: neither is shown.
import { useCallback, useEffect, useMemo, useState } from "react";
import { ConnectDone, ConnectPage } from "./components/ConnectPage";
import { Header } from "./components/Header";
import { PromptBox } from "./components/PromptBox";
import { QueuePanel } from "./components/QueuePanel";
import { SessionPanel } from "./components/SessionPanel";
import type { DisplayRow } from "./components/RowView";
import { LoadingScreen, UnavailableScreen } from "./components/StatusScreen";
import { Timeline } from "./components/Timeline";
import { TimelineContext, type TimelineInfo } from "./components/TimelineContext";
import { QueueIcon } from "./components/Icons";
import { useMediaQuery } from "./hooks/useMediaQuery";
import { usePrompts } from "./hooks/usePrompts";
import { RowStateProvider } from "./hooks/useRowState";
import { type ShareSession, useShareSession } from "./hooks/useShareSession";
import { answerPermission, type ShareToken, shareCodeFromPath } from "./lib/api";
import { connectTokenFromPath, isConnectDonePath } from "./lib/connect-api";
import { queueEntries } from "./lib/pending";
import { sessionStatus } from "./lib/rows";

export function App() {
  const connectToken = connectTokenFromPath(window.location.pathname);
  if (connectToken !== null) return <ConnectPage token={connectToken} />;
  if (isConnectDonePath(window.location.pathname)) return <ConnectDone search={window.location.search} />;
  const code = shareCodeFromPath(window.location.pathname);
  return code === null ? <UnavailableScreen error={null} /> : <Viewer code={code} />;
}

function Viewer({ code }: { code: string }) {
  const session = useShareSession(code);
  const { phase } = session;
  if (phase.kind === "loading") return <LoadingScreen />;
  if (phase.kind === "unavailable") return <UnavailableScreen error={phase.error} />;
  return (
    <RowStateProvider>
      <SessionPage session={session} share={phase.share} />
    </RowStateProvider>
  );
}

function footNote(share: ShareToken, session: ShareSession): string {
  if (session.revoked) return "This link was revoked. What you see stays here, but nothing new will arrive.";
  if (session.view.ended) return "This session has ended.";
  if (share.mode === "snapshot") return "A snapshot of this session at the time the link was made. It does not update.";
  return "View only: this link can watch the session but not send prompts.";
}

function SessionPage({ session, share }: { session: ShareSession; share: ShareToken }) {
  const { view, connection, revoked, withToken } = session;
  const streamPath = share.kind === "stream" ? share.streamPath : null;
  const isStream = streamPath !== null;
  const prompts = usePrompts(view, withToken, streamPath);
  const wide = useMediaQuery("(min-width: 1000px)");
  const [queueOpen, setQueueOpen] = useState(false);
  const status = sessionStatus(view);
  const canPrompt = share.canPrompt && share.mode === "live" && !revoked && !view.ended;

  useEffect(() => {
    document.title = `${view.meta.agent ?? "Session"} · CodeSpar`;
  }, [view.meta.agent]);

  const rows = useMemo<readonly DisplayRow[]>(() => {
    if (prompts.pending.length === 0) return view.rows;
    const pending = prompts.pending.map((prompt): DisplayRow => ({
      kind: "pending",
      key: `pending:${prompt.promptId}`,
      ts: prompt.sentAt,
      prompt,
    }));
    return [...view.rows, ...pending];
  }, [view.rows, prompts.pending]);
  const entries = useMemo(() => queueEntries(view, prompts.pending, prompts.own), [view, prompts.pending, prompts.own]);

  const answer = useCallback<TimelineInfo["answer"]>(
    async (requestId, choice) => {
      const result = await withToken((token, current) => answerPermission(fetch, current.sessionId, token, requestId, choice));
      return result.ok ? null : result.error;
    },
    [withToken],
  );
  const info = useMemo<TimelineInfo>(
    () => ({ agent: view.meta.agent ?? "Agent", ended: view.ended, canAnswer: canPrompt && !isStream, answer }),
    [view.meta.agent, view.ended, canPrompt, isStream, answer],
  );
  const waiting = entries.filter((entry) => entry.state !== "running").length;
  const queue = <QueuePanel id="queue" entries={entries} paused={view.queue?.paused ?? false} />;

  return (
    <div className="app">
      <Header view={view} status={status} connection={connection} snapshot={share.mode === "snapshot"} />
      <div className="body">
        <main className="main">
          <TimelineContext.Provider value={info}>
            <Timeline rows={rows} emptyText={connection === "connecting" ? "Loading the session…" : "Nothing has happened yet."} />
          </TimelineContext.Provider>
          <footer className="foot">
            {!wide && !isStream && (entries.length > 0 || queueOpen) && (
              <div className="queue-drawer">
                <button type="button" className="queue-toggle" aria-expanded={queueOpen} aria-controls="queue" onClick={() => setQueueOpen((open) => !open)}>
                  <QueueIcon />
                  Queue
                  <span className="queue-count">{waiting}</span>
                  {entries[0]?.state === "running" && <span className="queue-toggle-note">1 running</span>}
                </button>
                {queueOpen && queue}
              </div>
            )}
            {canPrompt ? (
              <PromptBox onSubmit={prompts.submit} target={isStream ? "stream" : "session"} />
            ) : (
              <p className="foot-note">{footNote(share, session)}</p>
            )}
          </footer>
        </main>
        {wide && (
          <aside className="side" aria-label={isStream ? "Session details" : "Session details and queue"}>
            {!isStream && queue}
            <SessionPanel view={view} />
          </aside>
        )}
      </div>
    </div>
  );
}
