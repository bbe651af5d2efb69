/**
 * Helix cannot run here (not in Debian 12, nothing downloadable), so its set-up in the README is
 * checked as far as it can be without it: the snippet parses as TOML (Python's `tomllib`), uses only
 * keys Helix documents for `languages.toml`, and starts the server the Neovim test drives.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

/** Keys of `languages.toml` in Helix's documentation (languages.md, 24.x). */
const SERVER_KEYS = ["command", "args", "config", "timeout", "environment", "required-root-patterns"];
const LANGUAGE_KEYS = [
  "name",
  "scope",
  "injection-regex",
  "file-types",
  "shebangs",
  "roots",
  "comment-token",
  "comment-tokens",
  "block-comment-tokens",
  "indent",
  "language-servers",
  "grammar",
  "formatter",
  "auto-format",
  "auto-pairs",
  "diagnostic-severity",
  "workspace-lsp-roots",
];

it("the README's Helix languages.toml is valid TOML with Helix's keys, starting reportql lsp --stdio", () => {
  const section = README.slice(README.indexOf("### Helix"));
  const snippet = /```toml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(snippet).toBeDefined();
  const parsed = JSON.parse(
    execFileSync(
      "python3",
      ["-c", "import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))"],
      {
        input: snippet,
        encoding: "utf8",
      },
    ),
  );
  const server = parsed["language-server"].reportql;
  expect([server.command, ...server.args]).toEqual(["reportql", "lsp", "--stdio"]);
  for (const key of Object.keys(server)) expect(SERVER_KEYS).toContain(key);
  const languages: Record<string, unknown>[] = parsed.language;
  for (const language of languages)
    for (const key of Object.keys(language)) expect(LANGUAGE_KEYS).toContain(key);
  const rql = languages.find((l) => l.name === "reportql");
  expect(rql).toMatchObject({
    "file-types": ["rql"],
    "language-servers": ["reportql"],
    "comment-token": "--",
  });
  expect(languages.find((l) => l.name === "json")?.["language-servers"]).toContain("reportql");
});
