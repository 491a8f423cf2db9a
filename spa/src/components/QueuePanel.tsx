// The prompt queue: the running prompt, then waiting ones by position, updating live.
import type { QueueEntry } from "../lib/pending";

const STATE_LABEL: Record<QueueEntry["state"], string> = { running: "Running", queued: "Waiting", sending: "Sending…" };

export function QueuePanel({ entries, paused, id }: { entries: readonly QueueEntry[]; paused: boolean; id: string }) {
  const waiting = entries.filter((entry) => entry.state !== "running").length;
  return (
    <section className="queue" id={id} aria-labelledby={`${id}-title`}>
      <header className="queue-head">
        <h2 id={`${id}-title`} className="side-title">
          Queue
        </h2>
        {paused && <span className="chip chip-paused">Paused</span>}
        <span className="queue-count" aria-label={`${waiting} waiting`}>
          {waiting}
        </span>
      </header>
      {entries.length === 0 ? (
        <p className="queue-empty">No prompts waiting.</p>
      ) : (
        <ol className="queue-list">
          {entries.map((entry) => (
            <li key={entry.promptId} className={`queue-item is-${entry.state}${entry.mine ? " is-mine" : ""}`}>
              <span className="queue-pos" aria-hidden="true">
                {entry.state === "running" ? <span className="spinner" /> : entry.position !== null ? entry.position + 1 : "·"}
              </span>
              <div className="queue-body">
                <div className="queue-text">{entry.text}</div>
                <div className="queue-meta">
                  {entry.name ?? "Someone"}
                  {entry.mine ? " (you)" : ""} · {STATE_LABEL[entry.state]}
                  {entry.state === "queued" && entry.position !== null ? `, position ${entry.position + 1}` : ""}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
