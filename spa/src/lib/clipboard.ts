// Clipboard writes for the copy buttons: the async Clipboard API (the viewer is served over HTTPS or
// from localhost, where it is available); false when the browser refuses.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
