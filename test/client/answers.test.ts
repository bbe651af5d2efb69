/** What an answer check says of the first bad field: where, what was found, what was expected, in words. */
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "../../src/api/endpoints.js";
import { answerProblem } from "../../src/client/answers.js";

const endpoint = (operationId: string) => {
  const found = ENDPOINTS.find((e) => e.operationId === operationId);
  if (found === undefined) throw new Error(operationId);
  return found;
};

describe("answerProblem", () => {
  it.each([
    ["getDatasets", { datasetName: "ISVOrder" }, "value[0].selectableColumns", "missing", "an array"],
    [
      "getDatasets",
      { datasetName: "ISVOrder", selectableColumns: "A" },
      "value[0].selectableColumns",
      "a string",
      "an array",
    ],
    [
      "getQueries",
      { queryId: 1, name: "n", query: "q", type: "userDefined" },
      "value[0].queryId",
      "a number",
      "a string",
    ],
    ["getQueries", "q1", "value[0]", "a string", "an object"],
  ])("%s with %o: %s is %s, expected %s", (operationId, item, field, found, expected) => {
    const problem = answerProblem(endpoint(operationId), "cmp", { value: [item] }, [item]);
    expect(problem).toEqual({ field, found, expected });
  });
});
