/**
 * The emulator's libraries, loaded on first use. They are optional peer dependencies: a user who
 * only lints never downloads the engine (about 70 MB of native code) or the data libraries, and
 * nothing outside `src/emulator` imports them. A missing one is an error value naming the command.
 */
import type * as DuckDB from "@duckdb/node-api";
import type { Faker, FakerOptions } from "@faker-js/faker";
import type * as CsvParse from "csv-parse/sync";
import type * as CsvStringify from "csv-stringify/sync";

export interface EmulatorDeps {
  readonly duckdb: typeof DuckDB;
  /** An English generator of the emulator's own (it reseeds it for every pool of values). */
  readonly faker: Faker;
  readonly parseCsv: typeof CsvParse.parse;
  readonly stringifyCsv: typeof CsvStringify.stringify;
}

/** Every package the emulator needs, in install order. */
export const EMULATOR_PACKAGES = [
  "@duckdb/node-api",
  "@faker-js/faker",
  "csv-parse",
  "csv-stringify",
] as const;

export interface MissingDependencies {
  readonly kind: "missing-dependencies";
  readonly packages: readonly string[];
  /** The command that installs them, e.g. `npm install @duckdb/node-api`. */
  readonly command: string;
  readonly message: string;
  /** Why each failed to load, for the curious. */
  readonly causes: readonly string[];
}

/** The install command for some packages. */
export function installCommand(packages: readonly string[]): string {
  return `npm install ${packages.join(" ")}`;
}

export function missingDependencies(
  packages: readonly string[],
  causes: readonly string[],
): MissingDependencies {
  const command = installCommand(packages);
  return {
    kind: "missing-dependencies",
    packages,
    command,
    causes,
    message: `The emulator needs ${packages.join(", ")}, which ${packages.length === 1 ? "is" : "are"} not installed: run \`${command}\``,
  };
}

/** An importer per package: a seam for tests, which simulate a missing package with it. */
export type Importer = (name: (typeof EMULATOR_PACKAGES)[number]) => Promise<unknown>;

// The specifiers are literals so bundlers and TypeScript see them; the variable form defeats neither.
const defaultImporter: Importer = (name) => {
  if (name === "@duckdb/node-api") return import("@duckdb/node-api");
  // The English entry: the package's main entry loads its 60-odd locales (about 300 ms, against 40).
  if (name === "@faker-js/faker") return import("@faker-js/faker/locale/en");
  if (name === "csv-parse") return import("csv-parse/sync");
  return import("csv-stringify/sync");
};

let cached: Promise<EmulatorDeps | MissingDependencies> | undefined;

/** Loads the libraries once per process (or per importer, when one is given). */
export function loadEmulatorDeps(importer?: Importer): Promise<EmulatorDeps | MissingDependencies> {
  if (importer !== undefined) return load(importer);
  cached ??= load(defaultImporter);
  return cached;
}

async function load(importer: Importer): Promise<EmulatorDeps | MissingDependencies> {
  const settled = await Promise.allSettled(EMULATOR_PACKAGES.map((name) => importer(name)));
  const missing = EMULATOR_PACKAGES.filter((_, i) => settled[i]?.status === "rejected");
  if (missing.length > 0) {
    const causes = settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
    return missingDependencies(missing, causes);
  }
  const [duckdb, faker, csvParse, csvStringify] = settled.map(
    (s) => (s as PromiseFulfilledResult<unknown>).value,
  );
  return {
    duckdb: duckdb as typeof DuckDB,
    faker: ownFaker((faker as { faker: Faker }).faker),
    parseCsv: (csvParse as typeof CsvParse).parse,
    stringifyCsv: (csvStringify as typeof CsvStringify).stringify,
  };
}

/**
 * A generator of our own with the same locale data as `english`, the English entry's shared instance:
 * reseeding that one would change the values of anyone else in the process who seeded it (a user's
 * tests). The entry exports only the instance, so its class and merged locale data make ours.
 */
function ownFaker(english: Faker): Faker {
  const FakerClass = english.constructor as new (options: FakerOptions) => Faker;
  return new FakerClass({ locale: english.rawDefinitions });
}

export function isMissing(value: unknown): value is MissingDependencies {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "missing-dependencies"
  );
}
