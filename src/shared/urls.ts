// Parsing a URL someone sent without letting a malformed one throw.
export function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
