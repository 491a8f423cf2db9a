// Raw slices of already-valid JSON text: the exact characters of an object's member values or an
// array's elements. Mock responses are returned byte for byte, and a parse/stringify round trip
// would move integer-like keys ("2", "10") ahead of the others, so the original text is kept.
// The input must already have passed JSON.parse; this scanner only finds boundaries.

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

class Scanner {
  pos: number;

  constructor(
    private readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos] ?? "")) this.pos += 1;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  /** Skips one value; returns its [start, end) span. */
  value(): [number, number] {
    this.skipWhitespace();
    const start = this.pos;
    const first = this.peek();
    if (first === "{") this.members(() => {});
    else if (first === "[") this.elements(() => {});
    else if (first === '"') this.string();
    else while (this.pos < this.text.length && !",]} \t\n\r".includes(this.peek())) this.pos += 1;
    return [start, this.pos];
  }

  /** Skips a string token; returns its decoded value. */
  string(): string {
    const start = this.pos;
    this.pos += 1;
    while (this.pos < this.text.length && this.peek() !== '"') this.pos += this.peek() === "\\" ? 2 : 1;
    this.pos += 1;
    const decoded: unknown = JSON.parse(this.text.slice(start, this.pos));
    return typeof decoded === "string" ? decoded : "";
  }

  members(onMember: (key: string, span: [number, number]) => void): void {
    this.pos += 1; // "{"
    this.skipWhitespace();
    while (this.peek() !== "}" && this.pos < this.text.length) {
      this.skipWhitespace();
      const key = this.string();
      this.skipWhitespace();
      this.pos += 1; // ":"
      onMember(key, this.value());
      this.skipWhitespace();
      if (this.peek() === ",") this.pos += 1;
      this.skipWhitespace();
    }
    this.pos += 1; // "}"
  }

  elements(onElement: (span: [number, number]) => void): void {
    this.pos += 1; // "["
    this.skipWhitespace();
    while (this.peek() !== "]" && this.pos < this.text.length) {
      onElement(this.value());
      this.skipWhitespace();
      if (this.peek() === ",") this.pos += 1;
      this.skipWhitespace();
    }
    this.pos += 1; // "]"
  }
}

/** Member name -> raw value text of the object `text` holds; a repeated name keeps its last value, as JSON.parse does. */
export function rawMembers(text: string): Map<string, string> {
  const scanner = new Scanner(text);
  scanner.skipWhitespace();
  const out = new Map<string, string>();
  if (scanner.peek() !== "{") return out;
  scanner.members((key, [start, end]) => void out.set(key, text.slice(start, end)));
  return out;
}

/** Raw text of each element of the array `text` holds. */
export function rawElements(text: string): string[] {
  const scanner = new Scanner(text);
  scanner.skipWhitespace();
  const out: string[] = [];
  if (scanner.peek() !== "[") return out;
  scanner.elements(([start, end]) => out.push(text.slice(start, end)));
  return out;
}
