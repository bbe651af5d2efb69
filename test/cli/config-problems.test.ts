/** The CLI reports every problem of a configuration file in one run, each at its place. */
import { expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { withProject } from "../helpers/temp-project.js";

it("lists every configuration error with its file, line and column, and exits 2", async () => {
  const config = '{\n  "catalgo": "insights",\n  "rules": {"RQ2O15": "off", "RQ2002": "loud"}\n}\n';
  await withProject(
    { "reportql.config.json": config, "q.rql": "SELECT OrderId FROM ISVOrder\n" },
    async (dir) => {
      const run = await cli(["check", "q.rql"], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const file = `${dir}/reportql.config.json`;
      expect(run.stderr).toBe(
        [
          "reportql: 3 configuration errors:",
          `  ${file}:2:3: \`catalgo\`: unknown key (did you mean \`catalog\`?); the keys are \`catalog\`, \`rules\` and \`ignore\``,
          `  ${file}:3:13: \`rules.RQ2O15\`: not a reportql code or name (did you mean \`RQ2015\`?); \`reportql explain CODE\` describes the codes`,
          `  ${file}:3:40: \`rules.RQ2002\`: expected \`off\`, \`hint\`, \`info\`, \`warn\` or \`error\`, found "loud"`,
          "",
        ].join("\n"),
      );
    },
  );
});

it("keeps a single error on one line, as before", async () => {
  await withProject({ "reportql.config.json": '{"ignroe": []}', "q.rql": "SELECT 1\n" }, async (dir) => {
    const run = await cli(["format", "--check", "q.rql"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^reportql: configuration error in .*reportql\.config\.json:1:2: `ignroe`: unknown key/,
    );
  });
});
