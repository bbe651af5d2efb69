/**
 * A file that cannot be written during `--fix` or `format --write`: the run goes on, the file is left
 * whole, and the failure is reported. Tests run as root in CI, where permissions stop nothing, so the
 * failure is injected: writes and renames onto `locked.rql` fail as a full disk would.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run } from "../../src/cli/run.js";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const full = () => Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
  const locked = (path: unknown) => String(path).includes("locked.rql");
  return {
    ...actual,
    writeFileSync: (path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (locked(path)) throw full();
      return (actual.writeFileSync as (...args: unknown[]) => void)(path, ...rest);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (locked(to)) throw full();
      return actual.renameSync(from, to);
    },
  };
});

const BROKEN = "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH";

async function runIn(dir: string, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const environment: CliEnvironment = {
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdout: {
      write: (text) => {
        stdout += text;
      },
    },
    stderr: { write: () => undefined },
    readStdin: async () => new Uint8Array(),
  };
  return { code: await run(args, environment), stdout };
}

/** The files are written with `promises.writeFile`, which the mock leaves alone. */
async function project(): Promise<string> {
  const dir = fs.mkdtempSync(join(tmpdir(), "reportql-write-"));
  for (const name of ["a.rql", "locked.rql", "z.rql"]) await fs.promises.writeFile(join(dir, name), BROKEN);
  return dir;
}

describe("a file that cannot be written", () => {
  it("is reported by check --fix, left as it was, and the other files are still fixed", async () => {
    const dir = await project();
    const { code, stdout } = await runIn(dir, ["check", "--fix", "--no-config", "--format", "json"]);
    const files = JSON.parse(stdout).files.map((f: { path: string; diagnostics: { code: string }[] }) => [
      f.path,
      f.diagnostics.map((d) => d.code),
    ]);
    expect(files).toEqual([
      ["a.rql", []],
      ["locked.rql", ["RQ9109", "RQ1005"]],
      ["z.rql", []],
    ]);
    expect(code).toBe(1);
    expect(fs.readFileSync(join(dir, "locked.rql"), "utf8")).toBe(BROKEN);
    expect(fs.readFileSync(join(dir, "z.rql"), "utf8")).toContain("!=");
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("makes format --write fail after writing the others", async () => {
    const dir = await project();
    expect((await runIn(dir, ["format", "--write", "--no-config"])).code).toBe(1);
    expect(fs.readFileSync(join(dir, "locked.rql"), "utf8")).toBe(BROKEN);
    expect(fs.readFileSync(join(dir, "z.rql"), "utf8")).toContain("\nFROM ISVOrder\n");
  });
});
