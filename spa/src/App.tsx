// The viewer app: /connect/<token> is a connect link's page; otherwise the share viewer resolves
// the share code from /s/<code>, then lays out the header (with find, turns and download), the
// transcript, the side column (queue, session facts with the usage chart, turns) when wide, the
// queue drawer when narrow, and the composer. A stream share (a Durable Stream such as capi's) has
// no queue and no permission answers; a snapshot no queue; a revoked link no queue, composer or
// "Copy link": none of them is shown. Screen readers hear new activity once the log has loaded.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { Header } from "./components/Header";
import { PromptBox } from "./components/PromptBox";
import { QueuePanel } from "./components/QueuePanel";
import { SessionPanel } from "./components/SessionPanel";
import { LoadingScreen, UnavailableScreen } from "./components/StatusScreen";
import { Timeline } from "./components/Timeline";
import { TimelineContext, type TimelineInfo } from "./components/TimelineContext";
import { QueueIcon } from "./components/Icons";
import { DownloadMenu, type DownloadChoice } from "./components/nav/DownloadMenu";
import { CloseIcon, SearchIcon } from "./components/Icons";
import { TurnNav, TurnsMenu } from "./components/nav/TurnNav";
import { useAnnouncer } from "./components/nav/useAnnouncer";
import { useNavigation } from "./components/nav/useNavigation";
import { useMediaQuery } from "./hooks/useMediaQuery";
import { usePrompts } from "./hooks/usePrompts";
import { RowStateProvider } from "./hooks/useRowState";
import { type ShareSession, useShareSession } from "./hooks/useShareSession";
import { answerPermission, type ShareToken, shareCodeFromPath } from "./lib/api";
import { connectTokenFromPath, isConnectDonePath } from "./lib/connect-api";
import { eventLink } from "./lib/nav/deep-link";
import { queueEntries, transcriptRows } from "./lib/pending";
import { sessionStatus } from "./lib/rows";

/** A connect link's page is another app in the same bundle: its own chunk, fetched only on /connect/ paths. */
const ConnectPage = lazy(() => import("./components/ConnectPage").then((module) => ({ default: module.ConnectPage })));
const ConnectDone = lazy(() => import("./components/ConnectPage").then((module) => ({ default: module.ConnectDone })));

/** The find bar is code only a reader who searches needs: its own chunk, loaded on first open. */
const FindBar = lazy(() => import("./components/nav/FindBar"));

export function App() {
  const connectToken = connectTokenFromPath(window.location.pathname);
  if (connectToken !== null) {
    return (
      <Suspense fallback={<LoadingScreen />}>
        <ConnectPage token={connectToken} />
      </Suspense>
    );
  }
  if (isConnectDonePath(window.location.pathname)) {
    return (
      <Suspense fallback={<LoadingScreen />}>
        <ConnectDone search={window.location.search} />
      </Suspense>
    );
  }
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
      <SessionPage session={session} share={phase.share} code={code} />
    </RowStateProvider>
  );
}

function footNote(share: ShareToken, session: ShareSession, ended: boolean): string {
  if (session.revoked) return "This link was revoked. What you see stays here, but nothing new will arrive.";
  if (ended) return "This session has ended.";
  if (share.mode === "snapshot") return "A snapshot of this session at the time the link was made. It does not update.";
  return "View only: this link can watch the session but not send prompts.";
}

/** What the empty transcript says: loading until the first catch-up, a failure while that keeps failing. */
function emptyState(session: ShareSession): { text: string; alert: boolean } {
  if (session.revoked && !session.caughtUp) return { text: "This link was revoked before the session could load.", alert: false };
  if (session.caughtUp) return { text: "Nothing has happened yet.", alert: false };
  if (session.connection === "reconnecting") return { text: "Could not load this session. Retrying…", alert: true };
  return { text: "Loading the session…", alert: false };
}

function SessionPage({ session, share, code }: { session: ShareSession; share: ShareToken; code: string }) {
  const { view, connection, revoked, caughtUp, withToken } = session;
  const streamPath = share.kind === "stream" ? share.streamPath : null;
  const isStream = streamPath !== null;
  const prompts = usePrompts(view, withToken, streamPath);
  const wide = useMediaQuery("(min-width: 1000px)");
  const [queueOpen, setQueueOpen] = useState(false);
  const status = sessionStatus(view);
  const ended = view.ended || connection === "ended";
  const canPrompt = share.canPrompt && share.mode === "live" && !revoked && !ended;
  // A snapshot never changes and a revoked link reads no more: their queue would be stale.
  const showQueue = !isStream && share.mode === "live" && !revoked;
  const agent = view.meta.agent ?? "Agent";

  useEffect(() => {
    document.title = `${view.meta.agent ?? "Session"} · CodeSpar`;
  }, [view.meta.agent]);

  const rows = useMemo(() => transcriptRows(view, prompts.pending, prompts.own), [view, prompts.pending, prompts.own]);
  const entries = useMemo(() => queueEntries(view, prompts.pending, prompts.own), [view, prompts.pending, prompts.own]);

  const answer = useCallback<TimelineInfo["answer"]>(
    async (requestId, choice) => {
      const result = await withToken((token, current) => answerPermission(fetch, current.sessionId, token, requestId, choice));
      return result.ok ? null : result.error;
    },
    [withToken],
  );
  const info = useMemo<TimelineInfo>(() => ({ agent, ended, canAnswer: canPrompt && !isStream, answer }), [agent, ended, canPrompt, isStream, answer]);

  const linkFor = useMemo(() => (revoked ? null : (key: string) => eventLink(window.location.origin, window.location.pathname, key)), [revoked]);
  const announcer = useAnnouncer({ rows: view.rows, caughtUp, agent, permissions: share.mode === "live" && !revoked && !ended });
  const nav = useNavigation({ rows, view, caughtUp, say: announcer.say });

  const downloads = useMemo<DownloadChoice[]>(() => {
    const markdown: DownloadChoice = {
      label: "Markdown",
      run: async () => {
        const exports = await import("./lib/nav/exports");
        exports.downloadMarkdown(view, share, code);
        return null;
      },
    };
    if (revoked) return [markdown];
    const jsonl: DownloadChoice = {
      label: "JSONL (events)",
      run: async () => {
        const exports = await import("./lib/nav/exports");
        const error = await exports.downloadJsonl(withToken, share, code);
        return error === null ? null : error.message;
      },
    };
    return [jsonl, markdown];
  }, [view, share, code, revoked, withToken]);

  const empty = emptyState(session);
  const waiting = entries.filter((entry) => entry.state !== "running").length;
  const queue = <QueuePanel id="queue" entries={entries} paused={view.queue?.paused ?? false} />;
  const turnNav = { turns: nav.turns, currentKey: nav.target?.key ?? null, onPick: nav.pickTurn, onStep: nav.stepTurn };
  const tools = (
    <>
      <button
        ref={nav.findButton}
        type="button"
        className="btn btn-quiet nav-button"
        aria-keyshortcuts="Control+F Meta+F"
        aria-expanded={nav.find.open}
        onClick={nav.find.open ? nav.closeFind : nav.openFind}
      >
        <SearchIcon />
        <span className="nav-label">Find</span>
      </button>
      {!wide && <TurnsMenu {...turnNav} />}
      <DownloadMenu choices={downloads} />
    </>
  );

  return (
    <div className="app">
      <Header view={view} status={status} connection={connection} snapshot={share.mode === "snapshot"} linkWorks={!revoked} tools={tools} />
      <div className="body">
        <main className="main">
          {nav.find.open && (
            <Suspense fallback={null}>
              <FindBar rows={rows} onGo={nav.go} onClose={nav.closeFind} container={nav.findContainer} focusSeq={nav.find.seq} />
            </Suspense>
          )}
          {nav.missing && (
            <div className="nav-notice" role="status">
              That event is not in this session.
              <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={nav.dismissMissing}>
                <CloseIcon />
              </button>
            </div>
          )}
          <TimelineContext.Provider value={info}>
            <Timeline
              rows={rows}
              emptyText={empty.text}
              emptyAlert={empty.alert}
              target={nav.target}
              linkFor={linkFor}
              onTurnKey={nav.stepTurn}
              handle={nav.timeline}
            />
          </TimelineContext.Provider>
          <footer className="foot">
            {!wide && showQueue && (entries.length > 0 || queueOpen) && (
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
            {canPrompt && caughtUp ? (
              <PromptBox onSubmit={prompts.submit} target={isStream ? "stream" : "session"} />
            ) : (
              <p className="foot-note">{canPrompt ? "Loading the session… You can send a prompt once it has loaded." : footNote(share, session, ended)}</p>
            )}
          </footer>
        </main>
        {wide && (
          <aside className="side" aria-label={showQueue ? "Session details and queue" : "Session details"}>
            {showQueue && queue}
            <SessionPanel view={view} rows={rows} onSelectTurn={(usage) => nav.go(usage.index)} />
            <TurnNav id="turns" {...turnNav} />
          </aside>
        )}
      </div>
      <div className="sr-only" aria-live="polite">
        {announcer.polite}
      </div>
      <div className="sr-only" role="alert">
        {announcer.assertive}
      </div>
    </div>
  );
}
