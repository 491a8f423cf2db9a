// The small slice of node:http the mock provider servers use, typed here because the project has no
// @types/node (and npm install is not ours to run). Delete this file if @types/node is ever added.
declare module "node:http" {
  interface IncomingHttpHeaders {
    [name: string]: string | string[] | undefined;
  }
  interface IncomingMessage extends AsyncIterable<Uint8Array> {
    method?: string;
    url?: string;
    headers: IncomingHttpHeaders;
  }
  interface ServerResponse {
    readonly destroyed: boolean;
    writeHead(status: number, headers?: Record<string, string>): this;
    flushHeaders(): void;
    write(chunk: string): boolean;
    end(chunk?: string): this;
    destroy(): this;
  }
  interface AddressInfo {
    address: string;
    family: string;
    port: number;
  }
  interface Server {
    listen(port: number, host: string, callback: () => void): this;
    address(): AddressInfo | string | null;
    close(callback?: (error?: Error) => void): this;
    closeAllConnections(): void;
  }
  function createServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Server;
}
