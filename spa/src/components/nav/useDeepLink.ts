// Deep links: the page opened with `#<offset>` (or the hash changed later) goes to that event's row
// once it has loaded; if the log caught up without it, a notice says so until dismissed.
import { useEffect, useState } from "react";
import { offsetFromHash, resolveOffset } from "../../lib/nav/deep-link";
import type { DisplayRow } from "../../lib/pending";

interface DeepLinkInput {
  rows: readonly DisplayRow[];
  lastOffset: string | null;
  caughtUp: boolean;
  go: (index: number) => void;
}

export function useDeepLink({ rows, lastOffset, caughtUp, go }: DeepLinkInput): { missing: boolean; dismiss: () => void } {
  const [wanted, setWanted] = useState(() => offsetFromHash(window.location.hash));
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const onHash = (): void => {
      setMissing(false);
      setWanted(offsetFromHash(window.location.hash));
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    if (wanted === null) return;
    const found = resolveOffset(rows, lastOffset, wanted, caughtUp);
    if (found.kind === "wait") return;
    setWanted(null);
    setMissing(found.kind === "missing");
    if (found.kind === "row") go(found.index);
  }, [wanted, rows, lastOffset, caughtUp, go]);

  return { missing, dismiss: () => setMissing(false) };
}
