// Opening a live-tail subscription socket to a log's object: the object's `fetch` only upgrades.
export interface Upgradable {
  fetch(input: RequestInfo, init?: RequestInit): Promise<Response>;
}

const LIVE_URL = "https://live.internal/subscribe";

export async function openLiveSocket(target: Upgradable, headers: Record<string, string> = {}): Promise<WebSocket | null> {
  const response = await target.fetch(LIVE_URL, { headers: { Upgrade: "websocket", ...headers } });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) return null;
  socket.accept();
  return socket;
}
