// The highlight.js language for a file path, by extension (or by name: Dockerfile, .env), among
// the languages the highlighter chunk registers (lib/hljs-languages.ts).

const BY_EXTENSION: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ts: "typescript",
    tsx: "typescript",
    mts: "typescript",
    cts: "typescript",
    js: "javascript",
    jsx: "javascript",
    mjs: "javascript",
    cjs: "javascript",
    json: "json",
    jsonc: "json",
    json5: "json",
    py: "python",
    pyi: "python",
    rb: "ruby",
    rs: "rust",
    go: "go",
    java: "java",
    kt: "kotlin",
    kts: "kotlin",
    swift: "swift",
    c: "c",
    h: "c",
    cc: "cpp",
    cpp: "cpp",
    cxx: "cpp",
    hpp: "cpp",
    hh: "cpp",
    cs: "csharp",
    css: "css",
    scss: "css",
    less: "css",
    html: "xml",
    htm: "xml",
    xml: "xml",
    svg: "xml",
    vue: "xml",
    md: "markdown",
    markdown: "markdown",
    mdx: "markdown",
    yml: "yaml",
    yaml: "yaml",
    toml: "ini",
    ini: "ini",
    cfg: "ini",
    conf: "ini",
    env: "ini",
    sh: "bash",
    bash: "bash",
    zsh: "bash",
    sql: "sql",
    php: "php",
    diff: "diff",
    patch: "diff",
  }),
);

/** The language name for `path`, or null when the viewer has none for it. */
export function languageForPath(path: string): string | null {
  const name = path.split(/[\\/]/).pop()?.toLowerCase() ?? "";
  if (name === "dockerfile" || name.startsWith("dockerfile.") || name.endsWith(".dockerfile")) return "dockerfile";
  if (name === ".env" || name.startsWith(".env.")) return "ini";
  const dot = name.lastIndexOf(".");
  return dot <= 0 && !name.startsWith(".") ? null : (BY_EXTENSION.get(name.slice(dot + 1)) ?? null);
}
