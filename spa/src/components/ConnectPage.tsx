// The hosted connect page of a connect link: shows which server asks, takes its secret fields
// (password inputs, never stored in the browser), submits once and follows the redirect.
import { type FormEvent, useEffect, useState } from "react";
import type { ApiError } from "../lib/api";
import { type ConnectInfo, fetchConnectInfo, submitSecrets } from "../lib/connect-api";
import { LoadingScreen, UnavailableScreen } from "./StatusScreen";

type Phase = { kind: "loading" } | { kind: "failed"; error: ApiError } | { kind: "ready"; info: ConnectInfo } | { kind: "done" };

export function ConnectPage({ token }: { token: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  useEffect(() => {
    document.title = "Connect · CodeSpar";
    void fetchConnectInfo(fetch, token).then((result) => setPhase(result.ok ? { kind: "ready", info: result.value } : { kind: "failed", error: result.error }));
  }, [token]);
  if (phase.kind === "loading") return <LoadingScreen />;
  if (phase.kind === "failed") return <UnavailableScreen error={phase.error} />;
  if (phase.kind === "done") {
    return (
      <main className="screen">
        <div className="screen-card" role="status">
          <h1 className="screen-title">Connected</h1>
          <p className="screen-text">Taking you back…</p>
        </div>
      </main>
    );
  }
  return <ConnectForm token={token} info={phase.info} onDone={() => setPhase({ kind: "done" })} />;
}

/** The gateway's own landing after a connect link (when the link named no return address). */
export function ConnectDone({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const connected = params.get("status") === "connected";
  return (
    <main className="screen">
      <div className="screen-card" role="status">
        <h1 className="screen-title">{connected ? "Connected" : "Not connected"}</h1>
        <p className="screen-text">
          {connected
            ? "You can close this tab and go back to the app."
            : `The connection did not complete (${params.get("error") ?? "unknown error"}). Ask the app for a new link.`}
        </p>
      </div>
    </main>
  );
}

function ConnectForm({ token, info, onDone }: { token: string; info: ConnectInfo; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const complete = info.fields.every((field) => (values[field.name] ?? "").trim() !== "");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!complete || busy) return;
    setBusy(true);
    setError(null);
    const result = await submitSecrets(fetch, token, values);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onDone();
    window.location.assign(result.value.redirect_url);
  };

  return (
    <main className="screen">
      <form className="screen-card connect-card" onSubmit={(event) => void submit(event)} aria-label={`Connect ${info.server.name}`}>
        <h1 className="screen-title">Connect {info.server.name}</h1>
        <p className="screen-text">
          The app you came from asks for access to {info.server.name} on your behalf. What you enter is stored encrypted and never shown again.
        </p>
        {info.fields.map((field) => (
          <label key={field.name} className="connect-field">
            <span className="connect-label">{field.label}</span>
            <input
              type="password"
              name={field.name}
              autoComplete="off"
              spellCheck={false}
              required
              value={values[field.name] ?? ""}
              onChange={(event) => setValues((current) => ({ ...current, [field.name]: event.target.value }))}
            />
            {field.hint && <span className="connect-hint">{field.hint}</span>}
          </label>
        ))}
        {error && (
          <p className="connect-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={!complete || busy}>
          {busy ? "Connecting…" : "Connect"}
        </button>
        <p className="connect-hint">This link works once and expires at {new Date(info.expires_at).toLocaleTimeString()}.</p>
      </form>
    </main>
  );
}
