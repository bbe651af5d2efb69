/**
 * `registerReportQL` with the options a plain JavaScript page may pass, and models that change
 * language: markers belong to report queries only.
 */
import { describe, expect, it } from "vitest";
import { registerReportQL } from "../../src/monaco/register.js";
import { fakeMonaco } from "../helpers/fake-monaco.js";

const TEXT = "SELECT Nope FROM ISVOrder";

describe("registerReportQL", () => {
  it("removes its markers from a model switched to another language, and sets them again on return", () => {
    const { monaco, open, markers } = fakeMonaco();
    const registration = registerReportQL(monaco);
    const model = open(TEXT, "a.rql");
    expect(markers(model).length).toBeGreaterThan(0);
    model.setLanguage("plaintext");
    expect(markers(model)).toEqual([]);
    model.setLanguage("reportql");
    expect(markers(model).length).toBeGreaterThan(0);
    registration.dispose();
  });

  it("takes null options, severities as a plain object, and ignores what is not a callback", () => {
    const { monaco, open, markers } = fakeMonaco();
    // biome-ignore lint/suspicious/noExplicitAny: what untyped JavaScript can pass.
    const loose = (value: unknown) => value as any;
    registerReportQL(monaco, loose(null)).dispose();
    const registration = registerReportQL(
      monaco,
      loose({ rules: { RQ2002: "off", RQ2015: "off" }, catalog: "marketplace", onDiagnostics: true }),
    );
    const model = open(TEXT, "b.rql");
    expect(markers(model)).toEqual([]);
    registration.setCatalog(loose(undefined));
    expect(registration.diagnostics(loose(model))).toEqual([]);
    registration.dispose();
  });

  it("lets a disposed model go: its listeners are removed with it, and the rest with the registration", () => {
    const { monaco, open } = fakeMonaco();
    const registration = registerReportQL(monaco);
    const closed = open(TEXT, "closed.rql");
    const kept = open(TEXT, "kept.rql");
    expect(closed.listenerCount()).toBeGreaterThan(0);
    closed.dispose();
    expect(closed.listenerCount()).toBe(0);
    expect(kept.listenerCount()).toBeGreaterThan(0);
    registration.dispose();
    expect(kept.listenerCount()).toBe(0);
  });
});
