// Links to one event: `<page>#<offset>`, the offset being the key of the row the event created.
// Opening such a link picks the row for the offset: the row itself, else (an event folded into an
// earlier row, such as a tool result) the last row that starts before it. Offsets sort as strings
// and rows are in offset order, so this is a binary search.
export function eventLink(origin: string, pathname: string, key: string): string {
  return `${origin}${pathname}#${encodeURIComponent(key)}`;
}

/** The offset a location hash names, or null ("", "#", or not decodable). */
export function offsetFromHash(hash: string): string | null {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  if (raw === "") return null;
  try {
    const offset = decodeURIComponent(raw).trim();
    return offset === "" ? null : offset;
  } catch {
    return null;
  }
}

export type OffsetTarget = { kind: "row"; index: number } | { kind: "wait" } | { kind: "missing" };

/**
 * Where `offset` is among `rows` (keys ascending) when the log has been read up to `lastOffset`:
 * a row; "wait" while the offset is past what has been read and the log has not caught up; or
 * "missing" (before the first row, or past the end of a log read to its end).
 */
export function resolveOffset(rows: readonly { key: string }[], lastOffset: string | null, offset: string, caughtUp: boolean): OffsetTarget {
  if (lastOffset === null || offset > lastOffset) return caughtUp ? { kind: "missing" } : { kind: "wait" };
  let low = 0;
  let high = rows.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const key = rows[middle]?.key ?? "";
    if (key <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found === -1 ? { kind: "missing" } : { kind: "row", index: found };
}
