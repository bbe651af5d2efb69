/**
 * `reportql serve --host`: a host other machines can reach gets a warning (the emulator accepts any
 * bearer token); loopback gets none. Tests only ever listen on 127.0.0.1, so the decision is
 * tested here and the listening in the process tests.
 */
import { describe, expect, it } from "vitest";
import { corsWarning, exposedHostWarning } from "../../src/cli/serve-command.js";
import { cli } from "../helpers/cli.js";

describe("serve --host", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"])(
    "%s is loopback: no warning",
    (host) => {
      expect(exposedHostWarning(host)).toBeUndefined();
    },
  );

  it.each(["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", "127.0.0.1.example.com"])(
    "%s can be reached from elsewhere: warned, with the way back",
    (host) => {
      const warning = exposedHostWarning(host);
      expect(warning).toContain(`--host ${host}`);
      expect(warning).toContain("any bearer token");
      expect(warning).toContain("127.0.0.1");
    },
  );

  it("escapes a host that holds control characters", () => {
    expect(exposedHostWarning("evil\u001b[8m")).not.toContain("\u001b");
  });
});

describe("serve --cors", () => {
  it("warns for *, which lets any page drive the admin API; not for named origins", () => {
    expect(corsWarning(["*"])).toMatch(/any web page.*admin API/);
    expect(corsWarning(["https://dash.example.com", "null"])).toBeUndefined();
    expect(corsWarning([])).toBeUndefined();
  });
});

describe("serve --allowed-host", () => {
  it("refuses what is not a host name, naming the flag, before starting", async () => {
    for (const bad of ["http://emulator", "emulator:7071", "emu lator", ""]) {
      const run = await cli(["serve", "--port", "0", "--allowed-host", bad], { cwd: "/" });
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toMatch(/--allowed-host .*is not a host name; write the name alone/);
      expect(run.stdout).toBe("");
    }
  });
});
