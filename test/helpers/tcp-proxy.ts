// A loopback TCP proxy in front of the gateway, so a test can cut a browser's open connections
// (an SSE stream mid-read) and refuse new ones for a while: a real network drop, as the browser sees it.
import { connect, createServer, type Socket } from "node:net";

export interface TcpProxy {
  /** http://localhost:<port> of the proxy. */
  url: string;
  /** Destroys every open connection; while `down`, new connections are closed at once. */
  drop(options: { down: boolean }): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (down) return void client.destroy();
    const upstream = connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://localhost:${address.port}`,
    drop(options) {
      down = options.down;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close() {
      down = true;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
