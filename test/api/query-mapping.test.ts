/**
 * The query texts handed back by checkRequestFile go through the existing checker, and its spans
 * and fixes land on the file: through percent escapes in an `exportQuery`, through JSON escapes in a
 * body inside a request file.
 */
import { expect, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import type { Document } from "../../src/api/documents.js";
import { check } from "../../src/semantic/check.js";

/** The file text a checker diagnostic of `code` covers, and the file after its first fix. */
function onFile(text: string, document: Document, code: string) {
  const diagnostic = check(document.text).diagnostics.find((d) => d.code === code);
  if (diagnostic === undefined) throw new Error(`no ${code} in ${document.text}`);
  const covered = text.slice(document.toFile(diagnostic.span.start), document.toFile(diagnostic.span.end));
  const edit = diagnostic.fixes?.[0]?.edits[0];
  const fixed = edit
    ? text.slice(0, document.toFile(edit.span.start)) +
      document.encode(edit.newText) +
      text.slice(document.toFile(edit.span.end))
    : text;
  return { covered, fixed };
}

it("maps a URL-decoded exportQuery back to its escapes, and re-encodes the fix", () => {
  const text =
    "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult" +
    "?exportQuery=SELECT%20OrderId%20FROM%20ISVOrder%20WHERE%20OrderStatus%20%3D%20%E2%80%98Active%E2%80%99\n" +
    "Authorization: Bearer t\n";
  const [query] = checkRequestFile("try.http", text).queries;
  expect(query?.text).toBe("SELECT OrderId FROM ISVOrder WHERE OrderStatus = ‘Active’");
  const { covered, fixed } = onFile(text, query as Document, "RQ1002");
  expect(covered).toBe("%E2%80%98Active%E2%80%99");
  expect(fixed).toContain("OrderStatus%20%3D%20'Active'\n");
  expect(checkRequestFile("try.http", fixed).queries[0]?.text).toBe(
    "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active'",
  );
});

it("maps a body's Query inside a request file through JSON escapes", () => {
  const text =
    "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\n" +
    "Authorization: Bearer t\nContent-Type: application/json\n\n" +
    '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder WHERE OrderStatus = \\u2018Active\\u2019"}\n';
  const result = checkRequestFile("create.http", text);
  expect(result.diagnostics).toEqual([]);
  const { covered } = onFile(text, result.queries[0] as Document, "RQ1002");
  expect(covered).toBe("\\u2018Active\\u2019");
});
