// The prompt composer: auto-growing textarea (Enter sends, Shift+Enter adds a line), display name
// remembered in localStorage, errors shown inline with the text put back.
import { type FormEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from "react";
import { MAX_DISPLAY_NAME_LENGTH } from "../../../src/shared/schemas/queue";
import { useLocalStorage } from "../hooks/useLocalStorage";
import type { ApiError } from "../lib/api";
import { SendIcon } from "./Icons";

const NAME_KEY = "codespar.viewer.name";
const DEFAULT_NAME = "Guest";
const MAX_HEIGHT_RATIO = 0.4;

function describe(error: ApiError): string {
  if (error.status === 429) return "The queue is full right now. Try again in a moment.";
  if (error.status === 409) return "This session is closed and no longer takes prompts.";
  if (error.status === 401 || error.status === 403) return "This link can no longer send prompts.";
  if (error.status === 0) return "Could not reach the server. Check your connection and try again.";
  return error.message;
}

export function PromptBox({ onSubmit }: { onSubmit: (text: string, name: string) => Promise<ApiError | null> }) {
  const [name, setName] = useLocalStorage(NAME_KEY);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

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
    const failure = await onSubmit(prompt, name.trim() || DEFAULT_NAME);
    if (failure) {
      setError(describe(failure));
      setText((current) => (current === "" ? prompt : current));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
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
            placeholder={DEFAULT_NAME}
            autoComplete="nickname"
            maxLength={MAX_DISPLAY_NAME_LENGTH}
          />
        </label>
        <span className="hint" id="prompt-hint">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
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
    </form>
  );
}
