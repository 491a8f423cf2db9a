// Find in session (loaded on first open, its own chunk): searches every row's text, not only the
// rows the virtualized list has in the DOM; "3 of 17" counts matching rows. Enter / Shift+Enter and
// the arrow buttons step through them, each scrolled to and outlined; the matched text in the rows
// on screen is highlighted. Escape closes (the caller returns focus).
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { clearHighlights, highlightMatches } from "../../lib/nav/find-highlight";
import { findRows } from "../../lib/nav/row-text";
import type { DisplayRow } from "../../lib/pending";
import { CloseIcon, DownIcon, SearchIcon, UpIcon } from "../Icons";

/** Typing settles for this long before a search runs. */
export const FIND_DEBOUNCE_MS = 100;

export interface FindBarProps {
  rows: readonly DisplayRow[];
  /** Scroll to and outline the row at this index. */
  onGo: (index: number) => void;
  onClose: () => void;
  /** The transcript's scrolling element, whose rows get the text highlights. */
  container: () => HTMLElement | null;
  /** Changes when Ctrl+F is pressed again while open: the field takes focus again. */
  focusSeq: number;
}

export default function FindBar({ rows, onGo, onClose, container, focusSeq }: FindBarProps) {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const matches = useMemo(() => findRows(rows, query), [rows, query]);
  const position = currentKey === null ? -1 : matches.findIndex((index) => rows[index]?.key === currentKey);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusSeq]);

  /** Runs the search for `value` now and goes to its first match. */
  const apply = useCallback(
    (value: string) => {
      setQuery(value);
      const first = findRows(rowsRef.current, value)[0];
      const key = first === undefined ? null : (rowsRef.current[first]?.key ?? null);
      setCurrentKey(key);
      if (first !== undefined) onGo(first);
    },
    [onGo],
  );

  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => apply(text), FIND_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, apply]);

  const step = (direction: -1 | 1): void => {
    if (matches.length === 0) return;
    const from = position === -1 ? (direction === 1 ? -1 : 0) : position;
    const next = (from + direction + matches.length) % matches.length;
    const index = matches[next];
    if (index === undefined) return;
    setCurrentKey(rows[index]?.key ?? null);
    onGo(index);
  };

  // Highlights follow the rows the list draws (scrolling, expanding, new rows) and the query.
  useEffect(() => {
    const element = container();
    if (!element) return;
    let frame = 0;
    const paint = (): void => {
      frame = 0;
      highlightMatches(element, query, currentKey);
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };
    paint();
    const observer = new MutationObserver(schedule);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [container, query, currentKey]);
  useEffect(() => clearHighlights, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "Enter") {
      event.preventDefault();
      // Enter before the pause runs the search at once.
      if (text !== query) apply(text);
      else step(event.shiftKey ? -1 : 1);
    }
  };

  const status =
    query === "" ? "" : matches.length === 0 ? "No matches" : position === -1 ? `${matches.length} matches` : `${position + 1} of ${matches.length}`;
  return (
    <div className="find" role="search" aria-label="Find in session">
      <SearchIcon />
      <input
        ref={input}
        className="find-input"
        type="search"
        aria-label="Find in session"
        placeholder="Find in session"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className="find-count" role="status">
        {status}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={matches.length === 0}
        onClick={() => step(-1)}
      >
        <UpIcon />
      </button>
      <button type="button" className="icon-button" aria-label="Next match" title="Next match (Enter)" disabled={matches.length === 0} onClick={() => step(1)}>
        <DownIcon />
      </button>
      <button type="button" className="icon-button" aria-label="Close find" title="Close (Escape)" onClick={onClose}>
        <CloseIcon />
      </button>
    </div>
  );
}
