// Running the gateway locally, shared by `npm start` and the end-to-end tests: apply the D1
// migrations to an on-disk state folder, seed a tenant, start `wrangler dev`, wait until it answers.
// Typed with JSDoc (checked by tsconfig.node.json), which the TypeScript tests import as they are.
import { spawn, execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
/** Wrangler needs Node >= 22: use the project's own `node` devDependency whatever node runs us. */
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;
const run = promisify(execFile);

/**
 * The most telling text of a failed child process (execFile's error carries its output): its
 * stderr, else its stdout, else the error's message.
 * @param {unknown} error
 * @returns {string}
 */
export function failureText(error) {
  if (!(error instanceof Error)) return String(error);
  const stderr = "stderr" in error && typeof error.stderr === "string" ? error.stderr : "";
  const stdout = "stdout" in error && typeof error.stdout === "string" ? error.stdout : "";
  return stderr || stdout || error.message;
}

/**
 * Keeps wrangler local and quiet: no metrics, no network lookups, no prompts.
 * @param {Record<string, string>} [extra]
 */
const wranglerEnv = (extra = {}) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
  ...extra,
});

/**
 * @param {string[]} args
 * @returns {Promise<{ stdout: string; stderr: string }>}
 */
async function wrangler(args) {
  try {
    return await run(NODE, [WRANGLER, ...args], { cwd: ROOT, env: wranglerEnv(), maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${failureText(error)}`, { cause: error });
  }
}

/** @param {string} persistTo */
export function applyLocalMigrations(persistTo) {
  return wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
}

/**
 * @param {string} persistTo
 * @param {string} sql
 */
export function executeLocalSql(persistTo, sql) {
  return wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql]);
}

/** @param {string} value */
const sqlString = (value) => `'${String(value).replaceAll("'", "''")}'`;

/**
 * @typedef {object} Tenant
 * @property {string} orgId
 * @property {string} orgName
 * @property {string} projectId
 * @property {string} projectName
 * @property {"live" | "test"} environment
 * @property {string} apiKey
 */

/**
 * Idempotently seeds an organization, its default project and one API key (stored hashed, as the
 * gateway stores keys). The key's id derives from its hash, so seeding the same key twice is a no-op.
 * @param {string} persistTo
 * @param {Tenant} tenant
 * @returns {Promise<void>}
 */
export async function seedTenant(persistTo, { orgId, orgName, projectId, projectName, environment, apiKey }) {
  const hash = createHash("sha256").update(apiKey).digest("hex");
  const now = new Date().toISOString();
  const sql = [
    `INSERT OR IGNORE INTO organizations (id, name, created_at) VALUES (${sqlString(orgId)}, ${sqlString(orgName)}, ${sqlString(now)})`,
    `INSERT OR IGNORE INTO projects (id, org_id, name, slug, environment, is_default, created_at) VALUES (${sqlString(projectId)}, ${sqlString(orgId)}, ${sqlString(projectName)}, 'default', ${sqlString(environment)}, 1, ${sqlString(now)})`,
    `INSERT OR IGNORE INTO api_keys (id, org_id, name, prefix, key_hash, environment, created_at) VALUES (${sqlString(`key_${hash.slice(0, 16)}`)}, ${sqlString(orgId)}, 'Development key', ${sqlString(apiKey.slice(0, 13))}, ${sqlString(hash)}, ${sqlString(environment)}, ${sqlString(now)})`,
  ].join(";\n");
  await executeLocalSql(persistTo, sql);
}

/**
 * Newest modification time under `path` (a file or a folder), in ms.
 * @param {string} path
 * @returns {number}
 */
function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

/** Whether spa/dist is older than any of the viewer's sources. */
export function viewerIsStale() {
  const built = existsSync(join(ROOT, "spa", "dist", "index.html")) ? statSync(join(ROOT, "spa", "dist", "index.html")).mtimeMs : 0;
  const sources = ["src", "public", "index.html", "vite.config.ts"].map((name) => newestMtimeMs(join(ROOT, "spa", name)));
  return Math.max(...sources, newestMtimeMs(join(ROOT, "src", "shared", "schemas"))) > built;
}

/**
 * Builds the share viewer into spa/dist, which the Worker serves as static assets. Skipped when
 * the build is current: rewriting spa/dist makes any running `wrangler dev` reload.
 * @returns {Promise<void>}
 */
export async function buildViewer() {
  if (!viewerIsStale()) return;
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  try {
    await run(NODE, [vite, "build", "--config", "spa/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`vite build failed:\n${failureText(error)}`, { cause: error });
  }
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("a TCP server on 127.0.0.1 has no port"));
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * wrangler dev's own line per request ("[wrangler:info] GET /s/<code> 200 OK (3ms)") prints the
 * whole path, share codes included, and nothing turns it off alone (WRANGLER_LOG=warn would hide
 * the Worker's console.log as well). The Worker logs each request itself with codes cut
 * (src/middleware/request-log.ts), so these lines are dropped; static files the assets serve
 * without the Worker are then not listed.
 */
const WRANGLER_REQUEST_LINE = /^\[wrangler:info\] [A-Z]+ \/\S* \d{3}\b/;
// eslint-disable-next-line no-control-regex -- ESC (\x1b) opens the ANSI colour codes this strips
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;

/**
 * Passes `stream` on to `write` line by line, without wrangler's request lines.
 * @param {import("node:stream").Readable} stream
 * @param {(text: string) => void} write
 */
function forwardWithoutRequestLines(stream, write) {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (/** @type {string} */ chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (!WRANGLER_REQUEST_LINE.test(line.replace(ANSI_ESCAPE, ""))) write(`${line}\n`);
  });
  stream.on("end", () => partial && write(partial));
}

/**
 * Starts `wrangler dev`; resolves once it answers HTTP. `stdio` "inherit" shows its output.
 * @param {{ port: number; persistTo: string; vars?: Record<string, string>; stdio?: "pipe" | "inherit"; readyTimeoutMs?: number }} options
 * @returns {Promise<{ url: string; child: import("node:child_process").ChildProcessByStdio<null, import("node:stream").Readable, import("node:stream").Readable>; output: () => string }>}
 */
export async function startWranglerDev({ port, persistTo, vars = {}, stdio = "pipe", readyTimeoutMs = 60_000 }) {
  const inspectorPort = await freePort();
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
  args.push("--persist-to", persistTo, "--show-interactive-dev-session=false");
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  // Always piped, so the request lines can be dropped; "inherit" passes the rest on to our own output.
  const child = spawn(NODE, args, { cwd: ROOT, env: wranglerEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  /** @param {string} text */
  const collect = (text) => (output += text);
  forwardWithoutRequestLines(child.stdout, stdio === "inherit" ? (text) => process.stdout.write(text) : collect);
  forwardWithoutRequestLines(child.stderr, stdio === "inherit" ? (text) => process.stderr.write(text) : collect);
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) return { url, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGTERM");
  throw new Error(`wrangler dev did not answer on ${url} within ${readyTimeoutMs} ms:\n${output}`);
}

/**
 * SIGTERM, then SIGKILL if it lingers; resolves when the process is gone.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopProcess(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    timer.unref();
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Local secrets live in .dev.vars (gitignored): each missing one is generated once. Both `npm start`
 * and `npm run serve` call it, so a server started either way first can sign viewer tokens.
 */
export function ensureDevVars() {
  const path = join(ROOT, ".dev.vars");
  let vars = existsSync(path) ? readFileSync(path, "utf8") : "";
  for (const name of ["ADMIN_TOKEN", "VIEWER_TOKEN_SECRET", "SERVER_CREDENTIALS_KEY"]) {
    if (!new RegExp(`^${name}=`, "m").test(vars)) vars += `${name}=${randomBytes(24).toString("hex")}\n`;
  }
  writeFileSync(path, vars, { mode: 0o600 });
}
