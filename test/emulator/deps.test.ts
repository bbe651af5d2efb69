import { describe, expect, it } from "vitest";
import { EMULATOR_PACKAGES, type Importer, isMissing, loadEmulatorDeps } from "../../src/emulator/deps.js";
import { EmulatorEngine } from "../../src/emulator/engine.js";
import { builtinCatalog } from "../../src/semantic/catalog.js";

/** Imports the real packages, except those named, which fail as a missing package does. */
function without(...missing: string[]): Importer {
  const real: Record<string, () => Promise<unknown>> = {
    "@duckdb/node-api": () => import("@duckdb/node-api"),
    "@faker-js/faker": () => import("@faker-js/faker/locale/en"),
    "csv-parse": () => import("csv-parse/sync"),
    "csv-stringify": () => import("csv-stringify/sync"),
  };
  return async (name) => {
    if (missing.includes(name)) throw new Error(`Cannot find package '${name}'`);
    return (real[name] as () => Promise<unknown>)();
  };
}

describe("the emulator's optional libraries", () => {
  it("load when installed", async () => {
    const deps = await loadEmulatorDeps();
    expect(isMissing(deps)).toBe(false);
  });

  it("name the install command when the engine is missing", async () => {
    const deps = await loadEmulatorDeps(without("@duckdb/node-api"));
    expect(isMissing(deps) && deps.command).toBe("npm install @duckdb/node-api");
    expect(isMissing(deps) && deps.message).toContain("`npm install @duckdb/node-api`");
  });

  it("name every missing package in one command", async () => {
    const deps = await loadEmulatorDeps(without(...EMULATOR_PACKAGES));
    expect(isMissing(deps) && deps.command).toBe(`npm install ${EMULATOR_PACKAGES.join(" ")}`);
    expect(isMissing(deps) && deps.causes).toHaveLength(4);
  });

  it("make opening an engine return the error value, not throw", async () => {
    const opened = await EmulatorEngine.open({
      catalog: builtinCatalog(),
      importer: without("@faker-js/faker"),
    });
    expect(opened).toMatchObject({
      kind: "missing-dependencies",
      packages: ["@faker-js/faker"],
      command: "npm install @faker-js/faker",
    });
  });

  it("give an English generator of the emulator's own, drawing what Faker with [en, base] draws", async () => {
    const deps = await loadEmulatorDeps();
    if (isMissing(deps)) throw new Error(deps.message);
    const { Faker, base, en } = await import("@faker-js/faker");
    const { faker: shared } = await import("@faker-js/faker/locale/en");
    const draws = (f: InstanceType<typeof Faker>) => {
      f.seed(42);
      return [f.company.name(), f.person.fullName(), f.location.city(), f.word.noun(), f.string.uuid()];
    };
    expect(draws(deps.faker)).toEqual(draws(new Faker({ locale: [en, base] })));
    // Reseeding the emulator's generator leaves the package's shared instance (a user's) alone.
    shared.seed(7);
    const expected = shared.word.noun();
    shared.seed(7);
    deps.faker.seed(42);
    deps.faker.word.noun();
    expect(shared.word.noun()).toBe(expected);
  });
});
