// Full-page states before the viewer can show a session: opening, and links that do not work.
import type { ApiError } from "../lib/api";
import { AlertIcon } from "./Icons";

export function LoadingScreen() {
  return (
    <main className="screen" aria-busy="true">
      <div className="screen-card">
        <span className="spinner spinner-lg" aria-hidden="true" />
        <p className="screen-text">Opening session…</p>
      </div>
    </main>
  );
}

function copyFor(error: ApiError | null): { title: string; body: string; retry: boolean } {
  if (error === null) return { title: "Link not found", body: "This address has no share code.", retry: false };
  if (error.status === 404) {
    return {
      title: "Link not found",
      body: "Check that you copied the whole link, or ask whoever shared it for a new one.",
      retry: false,
    };
  }
  if (error.code === "share_expired") return { title: "This link has expired", body: "Ask whoever shared it for a new link.", retry: false };
  if (error.code === "share_revoked") return { title: "This link was revoked", body: "Its owner turned it off. Ask them for a new link.", retry: false };
  if (error.status === 410) return { title: "This link has ended", body: "Ask whoever shared it for a new link.", retry: false };
  return { title: "Couldn't open this session", body: error.message, retry: true };
}

export function UnavailableScreen({ error }: { error: ApiError | null }) {
  const copy = copyFor(error);
  return (
    <main className="screen">
      <div className="screen-card" role="alert">
        <span className="screen-icon" aria-hidden="true">
          <AlertIcon />
        </span>
        <h1 className="screen-title">{copy.title}</h1>
        <p className="screen-text">{copy.body}</p>
        {copy.retry && (
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Try again
          </button>
        )}
      </div>
    </main>
  );
}
