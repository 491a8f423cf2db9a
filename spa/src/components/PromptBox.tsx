// The prompt composer: auto-growing textarea (Enter sends and Shift+Enter adds a line with a
// keyboard; on a touch screen Enter adds a line and the Send button sends), display name
// remembered in localStorage, errors shown inline with the text put back. For a stream share the
// name is optional (no name: none is sent) and a sent prompt is confirmed with a short "Sent".
import { type FormEvent, type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from "react";
import { MAX_DISPLAY_NAME_LENGTH } from "../../../src/shared/prompt-limits";
import { useLocalStorage } from "../hooks/useLocalStorage";
import { useMediaQuery } from "../hooks/useMediaQuery";
import type { ApiError } from "../lib/api";
import { SendIcon } from "./Icons";
import { VIEWER_NAME_KEY } from "../lib/viewer-name";

const DEFAULT_NAME = "Guest";
const MAX_HEIGHT_RATIO = 0.4;
/** How long "Sent" stays after a stream prompt is appended. */
const SENT_NOTICE_MS = 4_000;

export type PromptTarget = "session" | "stream";

function describe(error: ApiError, target: PromptTarget): string {
  if (target === "stream") {
    if (error.status === 401 || error.status === 403) return "This link can no longer send prompts.";
    if (error.status === 0) return "Could not reach the server. Check your connection and try again.";
    return error.message;
  }
  if (error.status === 429) return "The queue is full right now. Try again in a moment.";
  if (error.status === 409) return "This session is closed and no longer takes prompts.";
  if (error.status === 401 || error.status === 403) return "This link can no longer send prompts.";
  if (error.status === 0) return "Could not reach the server. Check your connection and try again.";
  return error.message;
}

interface PromptBoxProps {
  onSubmit: (text: string, name: string) => Promise<ApiError | null>;
  /** Where prompts go: a session's queue (default) or a stream share's prompts stream. */
  target?: PromptTarget;
}

export function PromptBox({ onSubmit, target = "session" }: PromptBoxProps) {
  const [name, setName] = useLocalStorage(VIEWER_NAME_KEY);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const stream = target === "stream";
  // A phone's keyboard has no Shift+Enter worth the name: there Enter is a new line, as in its messaging apps.
  const touch = useMediaQuery("(pointer: coarse)");

  useEffect(() => {
    if (sentAt === null) return;
    const timer = setTimeout(() => setSentAt(null), SENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [sentAt]);

  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = "auto";
    const max = Math.max(120, window.innerHeight * MAX_HEIGHT_RATIO);
    element.style.height = `${Math.min(element.scrollHeight, max)}px`;
  }, [text]);

  const send = async (): Promise<void> => {
    const prompt = text.trim();
    if (prompt === "") return;
    setText("");
    setError(null);
    setSentAt(null);
    const failure = await onSubmit(prompt, stream ? name.trim() : name.trim() || DEFAULT_NAME);
    if (failure) {
      setError(describe(failure, target));
      setText((current) => (current === "" ? prompt : current));
    } else if (stream) setSentAt(Date.now());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    // Ctrl/Cmd+Enter sends everywhere; a plain Enter only where a keyboard is the way to type.
    if (touch && !event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    void send();
  };
  const onFormSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void send();
  };

  return (
    <form className="composer" onSubmit={onFormSubmit} aria-label="Send a prompt">
      <label className="sr-only" htmlFor="prompt-text">
        Prompt
      </label>
      <textarea
        id="prompt-text"
        ref={area}
        rows={1}
        value={text}
        placeholder="Send a prompt to the agent…"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="prompt-hint"
        aria-invalid={error !== null}
      />
      <div className="composer-bar">
        <label className="name-field">
          <span>Name</span>
          <input
            value={name}
            onChange={(event) => setName(event.target.value.slice(0, MAX_DISPLAY_NAME_LENGTH))}
            placeholder={stream ? "Optional" : DEFAULT_NAME}
            autoComplete="nickname"
            maxLength={MAX_DISPLAY_NAME_LENGTH}
          />
        </label>
        <span className="hint" id="prompt-hint">
          {touch ? (
            "Send with the button"
          ) : (
            <>
              <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
            </>
          )}
        </span>
        <button type="submit" className="btn btn-primary send" disabled={text.trim() === ""}>
          <SendIcon />
          Send
        </button>
      </div>
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
      {sentAt !== null && (
        <div className="composer-sent" role="status">
          Sent
        </div>
      )}
    </form>
  );
}
