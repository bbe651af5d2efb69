import { defineConfig } from "vitest/config";

/**
 * Four tiers. `unit`: everything that needs no process spawn, browser or build, for the inner loop
 * (`npm run test:unit`). `exhaustive`: sweeps over every prefix and offset of the published queries.
 * `process`: the built executable and the benchmark smoke test, after a build (`dist/` is built once
 * by the global setup). `browser`: the playground in Debian's Chromium (`npm run test:browser`).
 * `npm test` runs all but the browser; CI runs all four.
 */
const PROCESS = ["test/process/**/*.test.ts", "test/bench/**/*.test.ts"];
const EXHAUSTIVE = ["test/exhaustive/**/*.test.ts"];
const BROWSER = ["test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    // Property tests run many cases; keep the default timeout generous rather than flaky.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...PROCESS, ...EXHAUSTIVE, ...BROWSER],
        },
      },
      { extends: true, test: { name: "exhaustive", include: EXHAUSTIVE } },
      { extends: true, test: { name: "process", include: PROCESS, globalSetup: ["test/global-setup.ts"] } },
      { extends: true, test: { name: "browser", include: BROWSER, globalSetup: ["test/global-setup.ts"] } },
    ],
  },
});
