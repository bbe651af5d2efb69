/** Properties of the client's pure parts: envelope normalisation under any key casing, backoff bounds. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, normaliseEnvelope, parseRetryAfter } from "../../src/client/index.js";

/** A key spelt with each letter's case chosen by the bits, and maybe spaces around it. */
const recased = (key: string) =>
  fc
    .tuple(fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }), fc.constantFrom("", " "))
    .map(
      ([upper, pad]) =>
        `${pad}${[...key].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join("")}`,
    );

describe("envelope normalisation", () => {
  it("gives the same envelope and items whatever the keys' case", () => {
    const canonical = {
      value: [{ queryId: "a", name: "n" }],
      nextLink: "next",
      totalCount: 1,
      message: null,
      statusCode: 200,
      dataRedacted: false,
    };
    const expected = normaliseEnvelope(canonical, 200, ["queryId", "name"]);
    const keys = fc.record({
      value: recased("value"),
      nextLink: recased("nextLink"),
      totalCount: recased("totalCount"),
      statusCode: recased("statusCode"),
      queryId: recased("queryId"),
      name: recased("name"),
    });
    fc.assert(
      fc.property(keys, (k) => {
        const sent = {
          [k.value]: [{ [k.queryId]: "a", [k.name]: "n" }],
          [k.nextLink]: "next",
          [k.totalCount]: 1,
          [k.statusCode]: 200,
        };
        expect(normaliseEnvelope(sent, 200, ["queryId", "name"])).toEqual(expected);
      }),
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 100, max: 599 }), (json, status) => {
        const result = normaliseEnvelope(json, status, ["queryId"]);
        if (result !== undefined) expect(Array.isArray(result.value)).toBe(true);
      }),
    );
  });
});

describe("backoff", () => {
  it("stays within [0, min(cap, base * 2^(n-1))], waits Retry-After up to its own maximum, never above", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
        fc.integer({ min: 0, max: 300_000 }),
        (attempt, base, cap, random, retryAfter, maxRetryAfter) => {
          const delay = backoffDelay(
            attempt,
            { baseDelayMs: base, maxDelayMs: cap, maxRetryAfterMs: maxRetryAfter, random: () => random },
            retryAfter,
          );
          const asked = Math.min(retryAfter ?? 0, maxRetryAfter);
          expect(delay).toBeGreaterThanOrEqual(asked);
          expect(delay).toBeLessThanOrEqual(Math.max(Math.min(cap, base * 2 ** (attempt - 1)), asked));
        },
      ),
    );
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    // The other two HTTP date forms (RFC 850, asctime).
    expect(parseRetryAfter("Thursday, 01-Jan-26 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Thu Jan  1 00:00:05 2026", now)).toBe(5000);
    // Two headers joined by fetch: the first.
    expect(parseRetryAfter("120, 120", now)).toBe(120_000);
    expect(parseRetryAfter("3600, 10", now)).toBe(3_600_000);
    // Not dates, though Date.parse takes them for some.
    for (const value of ["1.5", "-1", "3600 10", "tomorrow 12", "12/31/2099"])
      expect(parseRetryAfter(value, now)).toBeUndefined();
    // A wait no Date can hold the end of.
    expect(parseRetryAfter("99999999999999", now)).toBeUndefined();
    expect(parseRetryAfter(String(365 * 24 * 3600), now)).toBe(365 * 24 * 3600 * 1000);
  });

  it("never throws and never gives a wait whose end no Date holds", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 4e12 }), (header, now) => {
        const ms = parseRetryAfter(header, now);
        if (ms !== undefined) expect(Number.isNaN(new Date(now + ms).getTime())).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (seconds) => {
        const ms = parseRetryAfter(String(seconds), Date.now());
        if (ms !== undefined) expect(() => new Date(Date.now() + ms).toISOString()).not.toThrow();
      }),
    );
  });
});
