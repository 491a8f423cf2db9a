// codespar_discover's ranking (src/shared/discover.ts): pg_trgm similarity against hand-computed
// values, ranking on a realistic commerce catalogue, filters, the connected boost, the empty answer,
// limits, deterministic ties, and the input's validation messages.
import { describe, expect, it } from "vitest";
import { CALLABLE_BOOST, discover, parseDiscoverInput, trigrams, trigramSimilarity, type DiscoverCandidate } from "../../src/shared/discover";
import { DiscoverResult, type DiscoverInput } from "../../src/shared/schemas/meta-tools";

type Status = DiscoverCandidate["connection_status"];

function tool(server: string, name: string, description: string, required: string[], extra: Partial<DiscoverCandidate> = {}): DiscoverCandidate {
  const [id = server, serverName = server, category = "uncategorized", country = "global"] = server.split("|");
  return {
    server_id: id,
    server_name: serverName,
    category,
    country,
    tool_name: name,
    description,
    input_schema: { type: "object", properties: Object.fromEntries(required.map((field) => [field, { type: "string" }])), required },
    connection_status: "connected",
    ...extra,
  };
}

const ASAAS = "asaas|Asaas|payments|BR";
const ENVIO = "melhorenvio|Melhor Envio|shipping|BR";
const CATALOGUE: DiscoverCandidate[] = [
  tool(ASAAS, "create_payment", "Create a payment (Pix, boleto or card) for a customer", ["customer", "billingType", "value"]),
  tool(ASAAS, "create_customer", "Create a customer in Asaas", ["name", "cpfCnpj"]),
  tool(ASAAS, "get_payment", "Get a payment's status by id", ["id"]),
  tool(ASAAS, "refund_payment", "Refund a received payment", ["id"]),
  tool("stripe|Stripe|payments|global", "create_charge", "Charge a card in any currency", ["amount", "currency"], { connection_status: "disconnected" }),
  tool("mercadopago|Mercado Pago|payments|AR", "create_pix_qr", "Generate a Pix QR code to collect a payment", ["amount"]),
  tool(ENVIO, "quote_shipment", "Quote shipping prices for a parcel across carriers", ["from", "to", "package"]),
  tool(ENVIO, "create_label", "Buy a shipping label for a parcel", ["quote_id"]),
  tool(ENVIO, "track_shipment", "Track a shipment by its tracking code", ["code"]),
  tool("zapi|Z-API|messaging|BR", "send_whatsapp_message", "Send a WhatsApp text message to a phone number", ["phone", "message"], {
    connection_status: "disconnected",
  }),
  tool("twilio|Twilio|messaging|global", "send_sms", "Send an SMS text message", ["to", "body"]),
  tool("sendgrid|SendGrid|messaging|global", "send_email", "Send a transactional email", ["to", "subject", "html"], { connection_status: "not_required" }),
  tool("nfeio|NFe.io|fiscal|BR", "issue_nfe", "Issue an NF-e (nota fiscal eletrônica) for a product sale", ["order"]),
];

function input(fields: Record<string, unknown>): DiscoverInput {
  const parsed = parseDiscoverInput(fields);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const run = (fields: Record<string, unknown>, candidates = CATALOGUE) => DiscoverResult.strict().parse(discover(input(fields), candidates));
const names = (result: DiscoverResult) => [result.recommended, ...result.related].flatMap((match) => (match ? [`${match.server_id}/${match.tool_name}`] : []));
const best = (result: DiscoverResult) => names(result)[0];

describe("pg_trgm similarity", () => {
  it("extracts pg_trgm's trigrams: words lowercased, two spaces in front and one behind", () => {
    expect([...trigrams("Cat")].sort()).toEqual(["  c", " ca", "at ", "cat"]);
    expect([...trigrams("a")].sort()).toEqual(["  a", " a "]);
    // `_`, `/` and punctuation separate words; repeats count once.
    expect(trigrams("pix_pix/PIX!").size).toBe(4);
  });

  it("matches pg_trgm's documented values", () => {
    // word: {"  w"," wo","wor","ord","rd "}; words: {"  w"," wo","wor","ord","rds","ds "}: 4 shared of 7.
    expect(trigramSimilarity("word", "words")).toBeCloseTo(4 / 7, 10);
    // two words adds {"  t"," tw","two","wo "}: 4 shared of 11 = 0.363636 (pg_trgm's documentation).
    expect(trigramSimilarity("word", "two words")).toBeCloseTo(0.363636, 6);
    expect(trigramSimilarity("Word", "WORD")).toBe(1);
    expect(trigramSimilarity("", "word")).toBe(0);
    expect(trigramSimilarity("!!", "??")).toBe(0);
  });

  it("reports the similarity of the use case and the tool's text, to 3 decimals", () => {
    // Query "refund pix": refund (7 trigrams) + pix (4) = 11. Tool text: pix_refund, server Pix/pix,
    // category payments, country global -> pix (4) + refund (7) + payments (9, "  p" shared with pix: 8 new)
    // + global (7) = 26. All 11 of the query's are in it: 11 / 26 = 0.4230...
    const only = tool("pix|Pix|payments|global", "pix_refund", "", []);
    expect(run({ use_case: "refund pix" }, [only]).recommended?.trigram_similarity).toBe(0.423);
    expect(trigramSimilarity("refund pix", "pix refund pix pix payments global")).toBeCloseTo(11 / 26, 10);
  });
});

describe("ranking", () => {
  it("puts the tool a use case describes first", () => {
    expect(best(run({ use_case: "send a pix payment" }))).toBe("asaas/create_payment");
    expect(best(run({ use_case: "charge a card" }))).toBe("stripe/create_charge");
    expect(best(run({ use_case: "track my shipment" }))).toBe("melhorenvio/track_shipment");
    expect(best(run({ use_case: "refund a payment" }))).toBe("asaas/refund_payment");
    expect(best(run({ use_case: "send an SMS to the buyer" }))).toBe("twilio/send_sms");
    expect(best(run({ use_case: "Shipping quote for a parcel" }))).toBe("melhorenvio/quote_shipment");
  });

  it("ranks first the tool whose name the use case spells out, for every tool of the catalogue", () => {
    for (const candidate of CATALOGUE) {
      const result = run({ use_case: candidate.tool_name.replaceAll("_", " ") });
      expect(best(result), candidate.tool_name).toBe(`${candidate.server_id}/${candidate.tool_name}`);
    }
    expect(best(run({ use_case: "create_customer" }))).toBe("asaas/create_customer");
  });

  it("ignores case and accents, and understands plurals and word stems", () => {
    expect(best(run({ use_case: "EMITIR NOTA FISCAL ELETRONICA" }))).toBe("nfeio/issue_nfe");
    expect(best(run({ use_case: "refunds" }))).toBe("asaas/refund_payment");
    expect(best(run({ use_case: "tracking" }))).toBe("melhorenvio/track_shipment");
  });

  it("drops tools that share no word with the use case and are under the minimum similarity", () => {
    const result = run({ use_case: "track my shipment", limit: 20 });
    expect(names(result)).toContain("melhorenvio/track_shipment");
    expect(names(result)).not.toContain("asaas/create_customer");
    expect(names(result)).not.toContain("twilio/send_sms");
    // A near-identical text passes on similarity alone, without a whole word in common.
    expect(names(run({ use_case: "trackshipment" }, [tool("t", "trackshipments", "", [])]))).toEqual(["t/trackshipments"]);
  });
});

describe("filters", () => {
  it("keeps one category, case-insensitively", () => {
    const result = run({ use_case: "create", category: "PAYMENTS", limit: 20 });
    expect(names(result).sort()).toEqual(["asaas/create_customer", "asaas/create_payment", "mercadopago/create_pix_qr", "stripe/create_charge"]);
  });

  it("keeps one country plus the global servers", () => {
    const br = names(run({ use_case: "create", country: "br", limit: 20 }));
    expect(br.sort()).toEqual(["asaas/create_customer", "asaas/create_payment", "melhorenvio/create_label", "stripe/create_charge"]);
    const ar = names(run({ use_case: "payment", country: "AR", category: "payments", limit: 20 }));
    expect(ar.sort()).toEqual(["mercadopago/create_pix_qr", "stripe/create_charge"]);
  });

  it("answers empty, naming the filter, when the filters leave nothing", () => {
    const result = run({ use_case: "track my shipment", category: "fiscal" });
    expect(result).toMatchObject({ search_strategy: "empty", recommended: null, related: [] });
    expect(result.next_steps.join("\n")).toContain('category "fiscal"');
  });
});

describe("connection status", () => {
  const twin = (id: string, status: Status) => tool(`${id}|Notify|messaging|global`, "notify_buyer", "Notify the buyer", ["to"], { connection_status: status });

  it(`adds ${CALLABLE_BOOST} for callable tools, so at equal relevance connected and not_required rank above disconnected`, () => {
    // Same text but for ids of equal trigram counts, so equal similarity; "x1" would win the tie on
    // server_id, and the boost puts the callable ones first.
    const result = run({ use_case: "notify the buyer" }, [twin("x1", "disconnected"), twin("x2", "connected"), twin("x3", "not_required")]);
    expect(names(result)).toEqual(["x2/notify_buyer", "x3/notify_buyer", "x1/notify_buyer"]);
    expect(new Set([result.recommended, ...result.related].map((match) => match?.trigram_similarity)).size).toBe(1);
  });

  it("still recommends a clearly better disconnected tool, with the connect step first", () => {
    const result = run({ use_case: "send a whatsapp message" });
    expect(best(result)).toBe("zapi/send_whatsapp_message");
    expect(result.recommended?.connection_status).toBe("disconnected");
    expect(result.recommended?.known_pitfalls[0]).toContain("connect zapi first");
    expect(result.recommended?.recommended_plan).toEqual([
      expect.objectContaining({ step: "connect zapi", prereq: true }),
      expect.objectContaining({ step: "call zapi/send_whatsapp_message", action: true }),
    ]);
    expect(result.recommended?.recommended_plan[1]?.description).toContain("phone, message");
    expect(result.next_steps[0]).toContain('"server_id": "zapi"');
  });

  it("plans a connected tool as one call with its required fields, and fills the wire fields", () => {
    const rest = tool(ASAAS, "asaas/create_payment", "Create a Pix payment", ["customer", "value"], { http_method: "POST", endpoint_template: "/v3/payments" });
    const match = run({ use_case: "create a pix payment" }, [rest]).recommended;
    expect(match).toMatchObject({
      server_id: "asaas",
      tool_name: "create_payment",
      http_method: "POST",
      endpoint_template: "/v3/payments",
      cosine_distance: null,
    });
    expect(match?.recommended_plan).toEqual([
      { step: "call asaas/create_payment", description: "Call asaas/create_payment through execute with customer, value", action: true },
    ]);
    expect(match?.known_pitfalls).toEqual([expect.stringContaining("BR provider")]);
    const open = run({ use_case: "send sms" }).recommended;
    expect(open).toMatchObject({ http_method: null, endpoint_template: null, known_pitfalls: [] });
  });
});

describe("the empty answer", () => {
  it('is "empty" with no recommendation when nothing matches', () => {
    for (const result of [run({ use_case: "xyzzy frobnicate" }), run({ use_case: "the a" }), run({ use_case: "create payment" }, [])]) {
      expect(result).toMatchObject({ search_strategy: "empty", recommended: null, related: [] });
      expect(result.next_steps.length).toBeGreaterThan(0);
    }
    expect(run({ use_case: "send a pix payment" }).search_strategy).toBe("trigram");
  });
});

describe("limits", () => {
  const many = Array.from({ length: 30 }, (_, index) => tool(`srv-${String(index).padStart(2, "0")}`, "create_payment", "Create a payment", []));

  it("returns limit matches in all: the recommendation and limit - 1 related", () => {
    expect(run({ use_case: "create payment" }, many).related).toHaveLength(4);
    expect(run({ use_case: "create payment", limit: 1 }, many).related).toEqual([]);
    expect(run({ use_case: "create payment", limit: 3 }, many).related).toHaveLength(2);
    expect(run({ use_case: "create payment", limit: 20 }, many).related).toHaveLength(19);
  });

  it("clamps limits to 1..20 as the SDK documents, and refuses non-integers", () => {
    expect(input({ use_case: "x", limit: 50 }).limit).toBe(20);
    expect(input({ use_case: "x", limit: 0 }).limit).toBe(1);
    expect(input({ use_case: "x", limit: -3 }).limit).toBe(1);
    expect(input({ use_case: "x" }).limit).toBe(5);
    expect(run({ use_case: "create payment", limit: 500 }, many).related).toHaveLength(19);
    expect(parseDiscoverInput({ use_case: "x", limit: 2.5 })).toEqual({
      ok: false,
      message: "Invalid input for codespar_discover: limit must be an integer from 1 to 20",
    });
    expect(parseDiscoverInput({ use_case: "x", limit: "3" }).ok).toBe(false);
  });
});

describe("ties", () => {
  it("break by server_id, then tool_name, whatever the input order", () => {
    const same = (server: string, name: string) => tool(server, name, "Create a payment", []);
    const list = [same("b", "pay_two"), same("a", "pay_two"), same("b", "pay_one"), same("a", "pay_one")];
    const expected = ["a/pay_one", "a/pay_two", "b/pay_one", "b/pay_two"];
    expect(names(run({ use_case: "create payment" }, list))).toEqual(expected);
    expect(names(run({ use_case: "create payment" }, [...list].reverse()))).toEqual(expected);
  });

  it("lists a tool once even when it is given twice", () => {
    const once = tool("a", "pay", "Pay", []);
    expect(names(run({ use_case: "pay" }, [once, once, { ...once, tool_name: "a/pay" }]))).toEqual(["a/pay"]);
  });
});

describe("input", () => {
  it("takes null as absent and trims the use case", () => {
    expect(input({ use_case: "  ship a parcel ", category: null, country: null, limit: null })).toEqual({ use_case: "ship a parcel", limit: 5 });
  });

  it("names the problem", () => {
    const message = (raw: unknown) => {
      const parsed = parseDiscoverInput(raw);
      return parsed.ok ? "ok" : parsed.message;
    };
    expect(message({})).toBe("Invalid input for codespar_discover: use_case is required");
    expect(message({ use_case: null })).toBe("Invalid input for codespar_discover: use_case is required");
    expect(message({ use_case: 42 })).toBe("Invalid input for codespar_discover: use_case must be a string");
    expect(message({ use_case: "   " })).toBe("Invalid input for codespar_discover: use_case must say what the agent wants to do");
    expect(message({ use_case: "x".repeat(501) })).toBe("Invalid input for codespar_discover: use_case is at most 500 characters");
    expect(message({ use_case: "x", country: "" })).toBe("Invalid input for codespar_discover: country must not be empty");
    expect(message([])).toBe("Tool input for codespar_discover must be a JSON object");
    expect(message("pay")).toBe("Tool input for codespar_discover must be a JSON object");
  });
});
