// Screen-reader announcements for a session that is being watched: after the first catch-up (never
// during the initial load), new activity is announced politely in batches ("Agent replied",
// "3 new events"), a permission request that starts waiting assertively; `say` announces a
// navigation step. The same text twice is still read twice (a trailing no-break space alternates).
import { useCallback, useEffect, useRef, useState } from "react";
import { announcement, changeNotes, newlyWaiting } from "../../lib/nav/announce";
import type { Row } from "../../lib/rows";

/** Changes within this long of each other are announced as one batch. */
const BATCH_MS = 1_000;

export interface Announcements {
  polite: string;
  assertive: string;
  say: (text: string) => void;
}

function useToggledText(): [string, (text: string) => void] {
  const [state, setState] = useState({ text: "", odd: false });
  const set = useCallback((text: string) => setState((current) => ({ text, odd: !current.odd })), []);
  return [state.text === "" ? "" : `${state.text}${state.odd ? "\u00a0" : ""}`, set];
}

interface AnnouncerInput {
  rows: readonly Row[];
  caughtUp: boolean;
  agent: string;
  /** Whether a waiting permission request is news here (a live, open session). */
  permissions: boolean;
}

export function useAnnouncer({ rows, caughtUp, agent, permissions }: AnnouncerInput): Announcements {
  const [polite, setPolite] = useToggledText();
  const [assertive, setAssertive] = useToggledText();
  const seen = useRef<readonly Row[] | null>(null);
  const notes = useRef<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!caughtUp) return;
    const before = seen.current;
    seen.current = rows;
    if (before === rows) return;
    const waiting = permissions ? newlyWaiting(before ?? [], rows) : null;
    if (waiting !== null) setAssertive(`Permission requested: ${waiting}`);
    // The first caught-up view is what the reader opened, not news.
    if (before === null) return;
    notes.current.push(...changeNotes(before, rows, agent));
    timer.current ??= setTimeout(() => {
      timer.current = null;
      const text = announcement(notes.current);
      notes.current = [];
      if (text !== null) setPolite(text);
    }, BATCH_MS);
  }, [rows, caughtUp, agent, permissions, setPolite, setAssertive]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return { polite, assertive, say: setPolite };
}
