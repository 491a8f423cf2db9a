// The display name a viewer types in the composer, remembered in localStorage: prompts carry it, and
// so do permission answers (permission_response.user).
export const VIEWER_NAME_KEY = "codespar.viewer.name";

/** The remembered name, trimmed; null when none is set or storage is blocked. */
export function readViewerName(): string | null {
  try {
    const name = window.localStorage.getItem(VIEWER_NAME_KEY)?.trim() ?? "";
    return name === "" ? null : name;
  } catch {
    return null;
  }
}
