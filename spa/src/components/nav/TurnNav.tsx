// The turn navigator: previous/next turn buttons and the list of turns (number, the prompt's first
// line, time); choosing one scrolls the transcript to its prompt. Shown in the side column on wide
// screens and, on narrow ones, in a panel opened from the header (TurnsMenu).
import { formatClock, formatDateTime } from "../../lib/format";
import type { TurnEntry } from "../../lib/nav/turns";
import { DownIcon, TurnsIcon, UpIcon } from "../Icons";
import { usePopover } from "./usePopover";

interface TurnNavProps {
  id: string;
  turns: readonly TurnEntry[];
  /** The turn last navigated to (marked as current). */
  currentKey: string | null;
  onPick: (turn: TurnEntry) => void;
  onStep: (direction: -1 | 1) => void;
}

export function TurnNav({ id, turns, currentKey, onPick, onStep }: TurnNavProps) {
  return (
    <section className="turns" id={id} aria-labelledby={`${id}-title`}>
      <header className="turns-head">
        <h2 id={`${id}-title`} className="side-title">
          Turns
        </h2>
        <span className="queue-count" aria-label={`${turns.length} ${turns.length === 1 ? "turn" : "turns"}`}>
          {turns.length}
        </span>
        <span className="turns-step">
          <button
            type="button"
            className="icon-button"
            aria-label="Previous turn"
            title="Previous turn (Alt+↑)"
            aria-keyshortcuts="Alt+ArrowUp"
            disabled={turns.length === 0}
            onClick={() => onStep(-1)}
          >
            <UpIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Next turn"
            title="Next turn (Alt+↓)"
            aria-keyshortcuts="Alt+ArrowDown"
            disabled={turns.length === 0}
            onClick={() => onStep(1)}
          >
            <DownIcon />
          </button>
        </span>
      </header>
      {turns.length === 0 ? (
        <p className="queue-empty">No prompts yet.</p>
      ) : (
        <ol className="turn-list">
          {turns.map((turn) => (
            <li key={turn.key}>
              <button type="button" className="turn-item" aria-current={turn.key === currentKey ? "true" : undefined} onClick={() => onPick(turn)}>
                {/* Read as "Turn 2: <prompt> 10:42"; seen as "2 <prompt> 10:42". */}
                <span className="sr-only">{`Turn ${turn.number}:`}</span>
                <span className="turn-num" aria-hidden="true">
                  {turn.number}
                </span>{" "}
                <span className="turn-title">{turn.title}</span>{" "}
                {turn.ts !== null && (
                  <time className="time" dateTime={new Date(turn.ts).toISOString()} title={formatDateTime(turn.ts)}>
                    {formatClock(turn.ts)}
                  </time>
                )}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** On narrow screens: a header button opening the turn navigator in a panel; picking a turn closes it. */
export function TurnsMenu(props: Omit<TurnNavProps, "id">) {
  const popover = usePopover();
  return (
    <div className="nav-pop">
      <button
        ref={popover.buttonRef}
        type="button"
        className="btn btn-quiet nav-button"
        aria-expanded={popover.open}
        aria-controls="turns-panel"
        onClick={() => popover.setOpen(!popover.open)}
      >
        <TurnsIcon />
        <span className="nav-label">Turns</span>
      </button>
      {popover.open && (
        <div ref={popover.panelRef} className="nav-panel">
          <TurnNav
            {...props}
            id="turns-panel"
            onPick={(turn) => {
              popover.dismiss();
              props.onPick(turn);
            }}
          />
        </div>
      )}
    </div>
  );
}
