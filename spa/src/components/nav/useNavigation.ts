// How the reader moves through a session: one navigation target (set by a deep link, a find match,
// a turn or a chart bar; the transcript scrolls to it and outlines it), the turn navigator's steps
// (buttons, Alt+↑ / Alt+↓, and [ ] from the transcript), and the find bar's open state: Ctrl+F /
// Cmd+F opens it while there are rows, Escape closes it and focus goes back where it was.
import { type RefObject, useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { adjacentTurn, type TurnEntry, turnsOf } from "../../lib/nav/turns";
import type { ViewState } from "../../lib/rows";
import type { DisplayRow } from "../../lib/pending";
import type { NavTarget, TimelineHandle } from "../Timeline";
import { useDeepLink } from "./useDeepLink";

/** Keys typed into a field are the field's: Alt+arrows there move the caret, not the transcript. */
function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export interface Navigation {
  timeline: RefObject<TimelineHandle | null>;
  target: NavTarget | null;
  go: (index: number) => void;
  /** The deep link named an event this session does not have. */
  missing: boolean;
  dismissMissing: () => void;
  turns: readonly TurnEntry[];
  pickTurn: (turn: TurnEntry) => void;
  stepTurn: (direction: -1 | 1) => void;
  find: { open: boolean; seq: number };
  openFind: () => void;
  closeFind: () => void;
  findButton: RefObject<HTMLButtonElement | null>;
  findContainer: () => HTMLElement | null;
}

interface NavigationInput {
  rows: readonly DisplayRow[];
  view: ViewState;
  caughtUp: boolean;
  /** Announces a step to screen readers. */
  say: (text: string) => void;
}

export function useNavigation({ rows, view, caughtUp, say }: NavigationInput): Navigation {
  const timeline = useRef<TimelineHandle>(null);
  const [target, setTarget] = useState<NavTarget | null>(null);
  const seq = useRef(0);
  const go = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row) setTarget({ key: row.key, index, seq: (seq.current += 1) });
    },
    [rows],
  );
  const deepLink = useDeepLink({ rows, lastOffset: view.lastOffset, caughtUp, go });

  // Indices into the rows the transcript draws (some log rows, like delivered queue lines, are not drawn).
  const turns = useMemo(() => turnsOf(rows), [rows]);
  const pickTurn = useCallback(
    (turn: TurnEntry) => {
      go(turn.index);
      say(`Turn ${turn.number}: ${turn.title}`);
    },
    [go, say],
  );
  const stepTurn = useCallback(
    (direction: -1 | 1) => {
      const turn = adjacentTurn(turns, timeline.current?.position() ?? 0, direction);
      if (turn) pickTurn(turn);
      else say(direction === 1 ? "No later turn" : "No earlier turn");
    },
    [turns, pickTurn, say],
  );

  const [find, setFind] = useState({ open: false, seq: 0 });
  const findButton = useRef<HTMLButtonElement>(null);
  const findReturn = useRef<HTMLElement | null>(null);
  const openFind = useCallback(() => {
    if (!find.open && document.activeElement instanceof HTMLElement) findReturn.current = document.activeElement;
    setFind((current) => ({ open: true, seq: current.seq + 1 }));
  }, [find.open]);
  const closeFind = useCallback(() => {
    setFind((current) => ({ ...current, open: false }));
    const back = findReturn.current;
    findReturn.current = null;
    (back?.isConnected ? back : findButton.current)?.focus();
  }, []);
  const findContainer = useCallback(() => timeline.current?.element() ?? null, []);

  // The browser's own find would miss the rows the list has not drawn, so Ctrl+F is ours, but only
  // once there are rows to search.
  const hasRows = rows.length > 0;
  // A layout effect: the listener follows each render at once (an effect may run a frame later, and
  // a shortcut pressed meanwhile would reach a listener that still thinks there are no rows).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "f") {
        if (!hasRows) return;
        event.preventDefault();
        openFind();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && !isEditable(event.target)) {
        event.preventDefault();
        stepTurn(event.key === "ArrowUp" ? -1 : 1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [hasRows, openFind, stepTurn]);

  return {
    timeline,
    target,
    go,
    missing: deepLink.missing,
    dismissMissing: deepLink.dismiss,
    turns,
    pickTurn,
    stepTurn,
    find,
    openFind,
    closeFind,
    findButton,
    findContainer,
  };
}
