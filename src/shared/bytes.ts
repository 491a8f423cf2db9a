// Byte helpers shared by the Worker and the objects.

/** The parts joined into one array, with `separator` (a byte) between them when given. */
export function concatBytes(parts: readonly Uint8Array[], separator?: number): Uint8Array {
  const separators = separator === undefined ? 0 : Math.max(0, parts.length - 1);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0) + separators);
  let at = 0;
  parts.forEach((part, index) => {
    if (separator !== undefined && index > 0) out[at++] = separator;
    out.set(part, at);
    at += part.byteLength;
  });
  return out;
}
