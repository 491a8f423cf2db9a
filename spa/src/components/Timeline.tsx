// The virtualized session transcript: rows measured as they render, the view follows new rows
// only while the reader is at the bottom, otherwise a "jump to latest" button appears; Home and End
// jump to either end, [ and ] to the previous or next turn. A navigation target (a deep link, a find
// match, a turn) is scrolled to and outlined until the next one; each event's row has a "link to
// this event" button beside it (not over it).
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, type Ref, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import { CopyButton } from "./CopyButton";
import { ArrowDownIcon } from "./Icons";
import type { DisplayRow } from "../lib/pending";
import { RowView } from "./RowView";

/** Within this distance of the bottom the reader counts as "at the bottom" and new rows are followed. */
const FOLLOW_THRESHOLD_PX = 80;

const ESTIMATE_PX: Record<DisplayRow["kind"], number> = {
  init: 64,
  user: 96,
  queued: 44,
  pending: 96,
  assistant: 120,
  thinking: 40,
  tool: 44,
  permission: 110,
  turn: 44,
  aborted: 44,
  compaction: 44,
  error: 72,
  end: 72,
  unknown: 36,
};

/** A place the reader asked to go: scrolled to whenever `seq` changes, its row outlined meanwhile. */
export interface NavTarget {
  key: string;
  index: number;
  seq: number;
}

/** What navigation reads from the transcript. */
export interface TimelineHandle {
  /** The row the reader is at: the target while it is on screen, else the row at the top of the view. */
  position: () => number;
  /** The scrolling element (the find bar highlights matches in the rows it holds). */
  element: () => HTMLElement | null;
}

/** The row at the top counts from this far below the top edge (past the scroll padding). */
const TOP_ROW_PROBE_PX = 24;

interface TimelineProps {
  rows: readonly DisplayRow[];
  emptyText: string;
  /** The empty text reports a failure (read out at once). */
  emptyAlert?: boolean;
  target?: NavTarget | null;
  /** The address of a row's event, for its "link to this event" button; null shows no such buttons. */
  linkFor?: ((key: string) => string) | null;
  /** [ and ] in the transcript: the previous (-1) or next (+1) turn. */
  onTurnKey?: (direction: -1 | 1) => void;
  handle?: Ref<TimelineHandle>;
}

export function Timeline({ rows, emptyText, emptyAlert = false, target = null, linkFor = null, onTurnKey, handle }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable callbacks: the virtualizer recomputes every row's offset when these change identity.
  const estimateSize = useCallback((index: number) => ESTIMATE_PX[rows[index]?.kind ?? "unknown"], [rows]);
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 8,
    paddingStart: 20,
    paddingEnd: 28,
    // A target row lands a little below the top edge, so its outline shows whole.
    scrollPaddingStart: 14,
    anchorTo: "end",
    scrollEndThreshold: FOLLOW_THRESHOLD_PX,
  });

  // Following is decided by where the reader was before the update, so a burst of new rows
  // cannot push them out of "at the bottom" before we scroll.
  const following = useRef(true);
  const [atEnd, setAtEnd] = useState(true);
  const seenCount = useRef(rows.length);
  if (atEnd) seenCount.current = rows.length;
  const unseen = Math.max(0, rows.length - seenCount.current);

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const end = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_THRESHOLD_PX;
    following.current = end;
    setAtEnd(end);
  }, []);

  useLayoutEffect(() => {
    if (following.current && rows.length > 0) virtualizer.scrollToEnd();
  }, [rows, virtualizer]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // When the viewport shrinks (composer grows, queue drawer opens), a follower stays at the bottom.
    const observer = new ResizeObserver(() => {
      if (following.current) virtualizer.scrollToEnd();
      else onScroll();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onScroll, virtualizer]);

  // A new target: stop following and bring its row to the top of the view.
  const targetSeq = target?.seq ?? null;
  const targetIndex = target?.index ?? null;
  useLayoutEffect(() => {
    if (targetSeq === null || targetIndex === null) return;
    following.current = false;
    setAtEnd(false);
    virtualizer.scrollToIndex(targetIndex, { align: "start" });
  }, [targetSeq, targetIndex, virtualizer]);

  useImperativeHandle(
    handle,
    () => ({
      element: () => scrollRef.current,
      position: () => {
        const element = scrollRef.current;
        if (!element) return 0;
        const top = element.scrollTop;
        const bottom = top + element.clientHeight;
        if (targetIndex !== null) {
          const item = virtualizer.getVirtualItems().find((entry) => entry.index === targetIndex);
          if (item && item.start < bottom && item.end > top) return targetIndex;
        }
        return virtualizer.getVirtualItemForOffset(top + TOP_ROW_PROBE_PX)?.index ?? 0;
      },
    }),
    [targetIndex, virtualizer],
  );

  const jump = (): void => {
    following.current = true;
    virtualizer.scrollToEnd();
    setAtEnd(true);
    // The button goes away at the bottom; keyboard focus stays in the transcript rather than the page.
    scrollRef.current?.focus({ preventScroll: true });
  };

  // Home and End go straight to either end: the browser's smooth scroll would be cut short by the
  // size corrections rows make as they are first measured on the way.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || rows.length === 0) return;
    if ((event.key === "[" || event.key === "]") && onTurnKey) {
      event.preventDefault();
      onTurnKey(event.key === "[" ? -1 : 1);
      return;
    }
    if (event.shiftKey) return;
    if (event.key === "Home") {
      event.preventDefault();
      following.current = false;
      virtualizer.scrollToOffset(0);
    } else if (event.key === "End") {
      event.preventDefault();
      jump();
    }
  };

  return (
    <div className="timeline-wrap">
      <div ref={scrollRef} className="timeline" tabIndex={0} role="region" aria-label="Session transcript" onScroll={onScroll} onKeyDown={onKeyDown}>
        {rows.length === 0 ? (
          <div className="timeline-empty" role={emptyAlert ? "alert" : undefined}>
            {emptyText}
          </div>
        ) : (
          <div className="timeline-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              // This viewer's own prompts are not events yet: they have no link.
              const link = linkFor !== null && row.kind !== "pending" ? linkFor : null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  data-key={row.key}
                  ref={virtualizer.measureElement}
                  className={`vrow vrow-${row.kind}${row.key === target?.key ? " is-target" : ""}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div className="row-inner">
                    <div className="row-body">
                      <RowView row={row} />
                    </div>
                    <div className="row-tools">
                      {link && <CopyButton className="row-link" icon="link" label="Copy link to this event" text={() => link(row.key)} />}
                    </div>
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {!atEnd && rows.length > 0 && (
        <button type="button" className="jump" onClick={jump} aria-label={unseen > 0 ? `Jump to latest, ${unseen} new` : "Jump to latest"}>
          <ArrowDownIcon />
          {unseen > 0 ? `${unseen} new` : "Latest"}
        </button>
      )}
    </div>
  );
}
