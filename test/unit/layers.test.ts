// The layers import one way (README, "Architecture"): every relative import in src/, durable-objects/
// and spa/ is read and checked against the table below, and the layers' import graph has no cycle.
// A file that reaches into a layer it may not is named with the import that does it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** Layers, most specific prefix first; each file belongs to the first whose prefix it starts with. */
const LAYERS = [
  ["shared", "src/shared/"],
  ["objects", "durable-objects/"],
  ["viewer", "spa/"],
  ["lib", "src/lib/"],
  ["db", "src/db/"],
  ["services", "src/services/"],
  ["middleware", "src/middleware/"],
  ["routes", "src/routes/"],
  ["env", "src/env.ts"],
  // The Worker's entry and composition root (app.ts, index.ts, objects.ts): it wires everything.
  ["entry", "src/"],
] as const;
type Layer = (typeof LAYERS)[number][0];

/** What each layer may import (besides itself and packages). Type-only imports are listed apart. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  shared: [],
  objects: ["shared"],
  viewer: ["shared"],
  env: ["shared"],
  lib: ["shared", "env"],
  db: ["lib", "shared", "env"],
  services: ["db", "lib", "shared", "env"],
  middleware: ["services", "db", "lib", "shared", "env"],
  routes: ["middleware", "services", "db", "lib", "shared", "env"],
  entry: ["routes", "middleware", "services", "db", "lib", "shared", "env", "objects"],
};
/** The Worker reaches objects only through typed stubs: it may name their RPC types, never load their code. */
const MAY_IMPORT_TYPES: Partial<Record<Layer, readonly Layer[]>> = {
  env: ["objects"],
  lib: ["objects"],
  db: ["objects"],
  services: ["objects"],
  middleware: ["objects"],
  routes: ["objects"],
};

const layerOf = (path: string): Layer | null => LAYERS.find(([, prefix]) => path === prefix || path.startsWith(prefix))?.[0] ?? null;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/gm;

/** The file an import names: as written, or with the extension the bundler would add. */
function resolve(target: string): string {
  const found = ["", ".ts", ".tsx", "/index.ts"].map((ext) => target + ext).find((path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile());
  return found ?? target;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((match) => ({
    from: file,
    to: resolve(relative(ROOT, normalize(join(ROOT, dirname(file), match[3] ?? "")))),
    typeOnly: match[2] !== undefined,
  }));
}

const files = ["src", "durable-objects", "spa/src"].flatMap(sourceFiles);
const imports = files.flatMap(importsOf);

describe("layers", () => {
  it("finds the tree's files and their imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(300);
    for (const file of files) expect(layerOf(file), file).not.toBeNull();
  });

  it("import only downwards", () => {
    const wrong: string[] = [];
    for (const { from, to, typeOnly } of imports) {
      const source = layerOf(from);
      const target = layerOf(to);
      if (source === null || target === null || source === target) continue;
      const allowed = MAY_IMPORT[source].includes(target) || (typeOnly && (MAY_IMPORT_TYPES[source] ?? []).includes(target));
      if (!allowed) wrong.push(`${from} (${source}) imports ${to} (${target})${typeOnly ? " as a type" : ""}`);
    }
    expect(wrong).toEqual([]);
  });

  it("form no cycle between folders", () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const [a, b] = [topFolder(from), topFolder(to)];
      if (a === b) continue;
      const out = edges.get(a) ?? new Set<string>();
      out.add(b);
      edges.set(a, out);
    }
    expect(findCycle(edges)).toBeNull();
  });
});

/** A file's folder at the depth the layers are drawn: src/lib/live/x.ts is src/lib, src/app.ts is itself (an entry file). */
function topFolder(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src") return parts.length > 2 ? parts.slice(0, 2).join("/") : path;
  return parts.length > 1 ? (parts[0] ?? path) : path;
}

function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}
