/**
 * What the `reportql` executable runs, in one module: the CLI (`run`) and its standard-input reader.
 * `main.ts` loads it either from V8's code cache (`code-cache.ts`, the CommonJS bundle `core.cjs`) or,
 * when that cache does not fit the running Node, as an ES module.
 */
export { readStreamLimited } from "./limited-read.js";
export { run } from "./run.js";
