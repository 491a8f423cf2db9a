// Tool names on the wire: Anthropic and OpenAI accept only ^[a-zA-Z0-9_-]{1,64}$, while session tools
// may be named "server/tool". One table per request encodes each name and decodes the model's answer.

const MAX_WIRE_NAME_CHARS = 64;
const HASH_SUFFIX_CHARS = 9; // "_" + 8 hex digits
const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

/** FNV-1a, 32 bits, as 8 hex digits: a short stable tag that separates names that collide. */
function hash8(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The readable form: "/" becomes "__", any other character outside the set becomes "_". */
function readable(name: string): string {
  const replaced = name.replaceAll("/", "__").replace(/[^a-zA-Z0-9_-]/g, "_");
  return replaced || "tool";
}

export class ToolNameTable {
  private readonly toWire = new Map<string, string>();
  private readonly fromWire = new Map<string, string>();

  /** Register names in priority order: the first holder of a wire name keeps the plain form. */
  constructor(names: Iterable<string> = []) {
    for (const name of names) this.encode(name);
  }

  encode(name: string): string {
    const known = this.toWire.get(name);
    if (known !== undefined) return known;
    const plain = readable(name);
    let wire = plain.slice(0, MAX_WIRE_NAME_CHARS);
    // The readable form when it is free and whole; a hash tag when it collides or had to be cut.
    if (this.fromWire.has(wire) || wire.length < plain.length) {
      const head = plain.slice(0, MAX_WIRE_NAME_CHARS - HASH_SUFFIX_CHARS);
      wire = `${head}_${hash8(name)}`;
      for (let n = 2; this.fromWire.has(wire); n += 1) wire = `${head}_${hash8(`${name}#${n}`)}`;
    }
    if (!VALID.test(wire)) throw new Error(`tool name encoding produced an invalid name: ${wire}`);
    this.toWire.set(name, wire);
    this.fromWire.set(wire, name);
    return wire;
  }

  /** The session's name for a wire name; names we never sent decode by the "__" -> "/" rule. */
  decode(wire: string): string {
    return this.fromWire.get(wire) ?? wire.replaceAll("__", "/");
  }
}
