// The virtualized session transcript: rows measured as they render, the view follows new rows
// only while the reader is at the bottom, otherwise a "jump to latest" button appears; Home and End
// jump to either end.
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ArrowDownIcon } from "./Icons";
import { type DisplayRow, RowView } from "./RowView";

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

export function Timeline({ rows, emptyText }: { rows: readonly DisplayRow[]; emptyText: string }) {
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
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || rows.length === 0) return;
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
          <div className="timeline-empty">{emptyText}</div>
        ) : (
          <div className="timeline-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className={`vrow vrow-${row.kind}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div className="row-inner">
                    <RowView row={row} />
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
