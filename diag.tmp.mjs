import http from "node:http";
const target = { url: "http://127.0.0.1:8811", headers: { authorization: "Bearer csk_test_benchBenchBenchBenchBench1234" } };
const READERS = Number(process.argv[2] ?? 1000), EVENTS = 200, RATE = 20;
const now = () => performance.timeOrigin + performance.now();
const path = `diag-${Date.now()}`;
await fetch(`${target.url}/v1/stream/${path}`, { method: "PUT", headers: { ...target.headers, "content-type": "application/json" } });
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const lat = Array.from({ length: EVENTS + 1 }, () => []);
const readerMax = new Array(READERS).fill(0); const readerSlow = new Array(READERS).fill(0);
let connectedCount = 0;
const t0 = now();
const conns = [];
for (let r = 0; r < READERS; r++) {
  conns.push(new Promise((resolve) => {
    const req = http.get(new URL(`${target.url}/v1/stream/${path}?offset=now&live=sse`), { agent, headers: target.headers }, (res) => {
      res.setEncoding("utf8"); let buf = ""; let first = true;
      res.on("data", (chunk) => { const at = now(); buf += chunk; let b;
        while ((b = buf.indexOf("\n\n")) >= 0) { const block = buf.slice(0, b); buf = buf.slice(b + 2);
          if (block.startsWith("event: control") && first) { first = false; connectedCount++; resolve(req); }
          if (block.startsWith("event: data")) { for (const m of JSON.parse(block.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5)).join("\n"))) { lat[m.i].push(at - m.t); readerMax[r] = Math.max(readerMax[r], at - m.t); if (at - m.t > 1000) readerSlow[r]++; } } } });
    });
  }));
}
const reqs = await Promise.all(conns);
console.log("connected", READERS, "in", Math.round(now() - t0), "ms");
const started = now();
for (let i = 1; i <= EVENTS; i++) {
  await fetch(`${target.url}/v1/stream/${path}`, { method: "POST", headers: { ...target.headers, "content-type": "application/json" }, body: JSON.stringify({ i, t: now(), pad: "x".repeat(160) }) }).then(r => r.arrayBuffer());
  const wait = started + (i * 1000) / RATE - now(); if (wait > 0) await new Promise(r => setTimeout(r, wait));
}
await new Promise(r => setTimeout(r, 5000));
for (const req of reqs) req.destroy();
const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))]; };
for (let i = 1; i <= EVENTS; i += 10) console.log(i, "n", lat[i].length, "p50", Math.round(q(lat[i], 0.5)), "p99", Math.round(q(lat[i], 0.99)), "max", Math.round(q(lat[i], 1)));
const slowReaders = readerSlow.map((n, i) => [i, n]).filter(([, n]) => n > 0); console.log("readers with >1s deliveries:", slowReaders.length, JSON.stringify(slowReaders.slice(0, 40)));
const stats = await (await fetch(`${target.url}/v1/whoami`, { headers: target.headers })).text();
