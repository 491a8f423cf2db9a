// redactPath (src/lib/redact.ts): share codes in request paths are cut to their first characters.
import { describe, expect, it } from "vitest";
import { redactPath } from "../../src/lib/redact";

const CODE = "AbCdEfGh1234";

describe("redactPath", () => {
  it("cuts the code in each path that carries one", () => {
    expect(redactPath(`/s/${CODE}`)).toBe("/s/AbCd…");
    expect(redactPath(`/s/${CODE}/`)).toBe("/s/AbCd…/");
    expect(redactPath(`/api/shares/${CODE}/token`)).toBe("/api/shares/AbCd…/token");
    expect(redactPath(`/v1/shares/${CODE}`)).toBe("/v1/shares/AbCd…");
  });

  it("cuts whatever stands in the code's place: guesses, encoded or odd-cased paths, doubled slashes", () => {
    expect(redactPath("/s/x")).toBe("/s/x…");
    expect(redactPath(`/S/${CODE}`)).toBe("/S/AbCd…");
    expect(redactPath(`//api//shares/${CODE}/token`)).toBe("//api//shares/AbCd…/token");
    expect(redactPath("/s/%41%42%43%44%45")).toBe("/s/%41%…");
    expect(redactPath(`/V1/Shares/${CODE}`)).toBe("/V1/Shares/AbCd…");
  });

  it("leaves other paths alone", () => {
    for (const path of ["/", "/v1/sessions/ses_123/shares", "/v1/sessions", "/s/", "/api/shares", "/assets/index-abc.js", "/docs"]) {
      expect(redactPath(path)).toBe(path);
    }
  });

  it("never lets a whole code through", () => {
    for (const path of [`/s/${CODE}`, `/api/shares/${CODE}/token`, `/v1/shares/${CODE}`, `/s/${CODE}${CODE}`]) {
      expect(redactPath(path)).not.toContain(CODE.slice(0, 5));
    }
  });
});
