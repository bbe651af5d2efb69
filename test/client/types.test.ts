/** The client's method types come from the contract's endpoint table: required parameters, bodies and items. */
import { describe, expectTypeOf, it } from "vitest";
import type { CreateQueryBody, CreateReportBody } from "../../src/api/schemas.js";
import type {
  ApiResponse,
  OperationId,
  OperationInput,
  OperationItem,
  ReportClient,
} from "../../src/client/index.js";

describe("derived types", () => {
  it("has one method per operation of the contract", () => {
    expectTypeOf<OperationId>().toEqualTypeOf<
      | "getDatasets"
      | "createQuery"
      | "getQueries"
      | "tryQuery"
      | "deleteQuery"
      | "createReport"
      | "getReports"
      | "updateReport"
      | "deleteReport"
      | "pauseReport"
      | "resumeReport"
      | "getExecutions"
    >();
    expectTypeOf<ReportClient>().toHaveProperty("pauseReport");
  });

  it("types parameters by kind and requires path parameters", () => {
    expectTypeOf<OperationInput<"deleteQuery">>().toHaveProperty("queryId").toEqualTypeOf<string>();
    expectTypeOf<Record<never, never>>().not.toExtend<OperationInput<"deleteQuery">>();
    expectTypeOf<Record<never, never>>().toExtend<OperationInput<"getQueries">>();
    expectTypeOf<OperationInput<"getQueries">["includeSystemQueries"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<OperationInput<"getExecutions">["executionStatus"]>().toEqualTypeOf<
      string | readonly string[] | undefined
    >();
    expectTypeOf<OperationInput<"createQuery">["body"]>().toEqualTypeOf<CreateQueryBody>();
    expectTypeOf<OperationInput<"createReport">["body"]>().toEqualTypeOf<CreateReportBody>();
  });

  it("types answers by the operation's item", () => {
    expectTypeOf<OperationItem<"getQueries">["queryId"]>().toEqualTypeOf<string>();
    expectTypeOf<OperationItem<"getExecutions">["executionStatus"]>().toEqualTypeOf<
      "Pending" | "Running" | "Paused" | "Completed"
    >();
    expectTypeOf<ReturnType<ReportClient["getReports"]>>().toEqualTypeOf<
      Promise<ApiResponse<OperationItem<"getReports">>>
    >();
    // A method whose input has a required part cannot be called without it.
    expectTypeOf<ReportClient["deleteReport"]>()
      .parameter(0)
      .toHaveProperty("reportId")
      .toEqualTypeOf<string>();
    expectTypeOf<undefined>().not.toExtend<Parameters<ReportClient["deleteReport"]>[0]>();
    expectTypeOf<undefined>().toExtend<Parameters<ReportClient["getReports"]>[0]>();
  });
});
