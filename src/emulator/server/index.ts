/**
 * The emulator's HTTP layer (`reportql serve`): a fetch-style handler and a `node:http` server.
 * Import it lazily: its libraries are optional peer dependencies (see ../deps.ts).
 */
export type { JwtCheck } from "./auth.js";
export { refusedAddress, refusedUrl } from "./callbacks.js";
export { EmulatorClock } from "./clock.js";
export type { EmulatorRequest } from "./envelope.js";
export type { Emulator, EmulatorOptions, OptionsProblem } from "./handler.js";
export { createEmulator, DEFAULT_MAX_BODY_BYTES } from "./handler.js";
export type { RunningEmulator, StartOptions } from "./node.js";
export { startEmulator } from "./node.js";
export type { Quotas } from "./operations.js";
export { SERVED_ROOTS } from "./routes.js";
export type { StoreProblem } from "./store.js";
