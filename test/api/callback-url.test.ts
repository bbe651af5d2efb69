/**
 * RQ3045 says which URL the service calls for a callback URL with a query or a fragment; the emulator
 * calls a URL composed the same way. Both come from one composition (`src/api/callback-url.ts`), so
 * the warning names exactly what `reportql serve` calls, trailing slashes and empty queries included.
 */
import { describe, expect, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import { callbackTarget } from "../../src/emulator/server/callbacks.js";

function calledInWarning(CallbackUrl: string, CallbackMethod?: string): string | undefined {
  const body = {
    ReportName: "r",
    QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
    StartTime: "2026-02-01T00:00:00Z",
    RecurrenceInterval: 24,
    CallbackUrl,
    ...(CallbackMethod !== undefined && { CallbackMethod }),
  };
  const { diagnostics } = checkRequestFile("report.json", JSON.stringify(body), {
    now: new Date("2026-01-01T00:00:00Z"),
  });
  const found = diagnostics.find((d) => d.code === "RQ3045");
  return found === undefined ? undefined : String(found.data?.called);
}

/** What the emulator calls for report id `ID`, without the fragment no HTTP call sends. */
function emulatorCalls(url: string, method: string): string {
  return (callbackTarget(url, method, "ID").url.split("#")[0] as string).replace("ID", "<reportId>");
}

describe("RQ3045 names the URL the emulator calls", () => {
  it.each([
    ["https://example.com/ready?token=1", "POST"],
    ["https://example.com/ready?token=1/", "POST"],
    ["https://example.com/ready?token=1//", "POST"],
    ["https://example.com/ready#done", "POST"],
    ["https://example.com/ready/#done", "POST"],
    ["https://example.com/ready?token=1#done", "GET"],
    ["https://example.com/ready?#done", "GET"],
    ["https://example.com/ready?a=1&#done", "GET"],
    ["https://example.com/ready#done", "GET"],
  ])("%s with %s", (url, method) => {
    expect(calledInWarning(url, method)).toBe(emulatorCalls(url, method));
  });
});
