// Which paths the Worker answers before static assets. One list: scripts/generate-wrangler.mjs
// renders it into wrangler.toml's `run_worker_first`, and the `direct` entrypoint routes by it.
import patterns from "./worker-first.json";

/** `run_worker_first` semantics: a trailing `*` matches any rest of the path, otherwise exact. */
export function isWorkerFirst(pathname: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith("*") ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern));
}
