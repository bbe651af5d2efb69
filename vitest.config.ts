import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Property tests run many cases; keep the default timeout generous rather than flaky.
    testTimeout: 60_000,
  },
});
