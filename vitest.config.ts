import { defineConfig } from "vitest/config";

/**
 * Four tiers. `unit` (with `unit-mocks`): everything that needs no process spawn, browser or build,
 * for the inner loop (`npm run test:unit`). `exhaustive`: sweeps over every prefix and offset of the published queries,
 * the scaling suite and large inputs.
 * `process`: the built executable and the benchmark smoke test, after a build (`dist/` is built once
 * by the global setup). `browser`: the playground in Debian's Chromium (`npm run test:browser`).
 * `npm test` runs all but the browser; CI runs all four. `test:unit` runs two workers (vitest's default
 * leaves one of the two cores idle); `npm test` keeps one, so that the scaling suite's timings are not
 * shared with another test file.
 */
const PROCESS = ["test/process/**/*.test.ts", "test/bench/**/*.test.ts"];
// Sweeps over every prefix and offset of the published queries, the scaling suite (timings at 1x, 4x
// and 16x) and large generated inputs: minutes of CPU that the inner loop does without.
const EXHAUSTIVE = [
  "test/exhaustive/**/*.test.ts",
  "test/scaling/**/*.test.ts",
  "test/reliability/**/*.test.ts",
  "test/properties/large.test.ts",
];
const BROWSER = ["test/e2e/**/*.test.ts"];
// Unit tests share one module registry per worker (importing the library once per worker, not once
// per file, halves the tier's time); the few that replace a module with `vi.mock` get their own.
const MOCKING = [
  "test/cli/write-failure.test.ts",
  "test/editors/vscode-extension.test.ts",
  "test/lint/parse-once.test.ts",
  "test/lint/replaced-code.test.ts",
  "test/lsp/request-contract-once.test.ts",
  "test/lsp/fix-all-cache.test.ts",
];

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
          exclude: [...PROCESS, ...EXHAUSTIVE, ...BROWSER, ...MOCKING],
          isolate: false,
        },
      },
      { extends: true, test: { name: "unit-mocks", include: MOCKING } },
      { extends: true, test: { name: "exhaustive", include: EXHAUSTIVE } },
      { extends: true, test: { name: "process", include: PROCESS, globalSetup: ["test/global-setup.ts"] } },
      { extends: true, test: { name: "browser", include: BROWSER, globalSetup: ["test/global-setup.ts"] } },
    ],
  },
});
