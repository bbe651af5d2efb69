/**
 * The set-up of the CLI's service tests (`run`, `pull`, `push` in process): one emulator on
 * 127.0.0.1 per test file, reset before each test, and a fresh folder per test. Read the fields in
 * tests and hooks (they are set by the file's `beforeAll` and `beforeEach`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";

export interface ServiceEmulator {
  readonly server: RunningEmulator;
  /** The cmp root, as `--endpoint` takes it. */
  readonly endpoint: string;
  /** This test's folder. */
  readonly dir: string;
  /** The requests the emulator received since the reset, as `operationId status`. */
  requests(): Promise<string[]>;
}

export function serviceEmulator(folderPrefix: string): ServiceEmulator {
  let server: RunningEmulator | undefined;
  let dir = "";
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await fetch(`${running().url}/_emulator/reset`, { method: "POST", body: "{}" });
    dir = mkdtempSync(join(tmpdir(), folderPrefix));
    return () => rmSync(dir, { recursive: true, force: true });
  });
  const running = () => {
    if (server === undefined) throw new Error("the emulator is read before the file's beforeAll ran");
    return server;
  };
  return {
    get server() {
      return running();
    },
    get endpoint() {
      return `${running().url}/insights/v1/cmp`;
    },
    get dir() {
      return dir;
    },
    async requests() {
      const answer = (await (await fetch(`${running().url}/_emulator/journal`)).json()) as {
        entries: { kind: string; operationId?: string; status?: number }[];
      };
      return answer.entries.filter((e) => e.kind === "request").map((e) => `${e.operationId} ${e.status}`);
    },
  };
}
