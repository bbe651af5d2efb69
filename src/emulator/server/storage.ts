/**
 * Errors of the download links in Azure Storage's shape. A report's `reportAccessSecureLink` is a SAS
 * link to blob storage, so its errors are storage's, not the analytics envelope: XML
 * `<Error><Code>…</Code><Message>…</Message></Error>`, the code again in `x-ms-error-code`, a
 * `x-ms-request-id`, and storage's own wording (`AuthenticationFailed` 403 for a bad or expired
 * signature, `BlobNotFound` 404, `UnsupportedHttpVerb` 405, `InvalidRange` 416 for a range past the
 * end, `ConditionNotMet` 412 for an `If-Match` the file does not meet, `InvalidUri` 400 for a path whose percent-encoding is malformed). Storage adds elements beside `Message`
 * (`AuthenticationErrorDetail`); reportql's explanation goes in one more, `ReportqlDetail`, which an
 * XML reader that wants only `Code` and `Message` passes over.
 */
import { randomUUID } from "node:crypto";
import { Answer } from "./envelope.js";

export type StorageErrorCode =
  | "AuthenticationFailed"
  | "BlobNotFound"
  | "ConditionNotMet"
  | "CorsPreflightFailure"
  | "InvalidRange"
  | "InvalidUri"
  | "UnsupportedHttpVerb";

const STATUS: Record<StorageErrorCode, number> = {
  AuthenticationFailed: 403,
  BlobNotFound: 404,
  ConditionNotMet: 412,
  CorsPreflightFailure: 403,
  InvalidRange: 416,
  InvalidUri: 400,
  UnsupportedHttpVerb: 405,
};

const MESSAGE: Record<StorageErrorCode, string> = {
  AuthenticationFailed:
    "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
  BlobNotFound: "The specified blob does not exist.",
  ConditionNotMet: "The condition specified using HTTP conditional header(s) is not met.",
  CorsPreflightFailure: "CORS not enabled or no matching rule found for this request.",
  InvalidRange: "The range specified is invalid for the current size of the resource.",
  InvalidUri: "The requested URI does not represent any resource on the server.",
  UnsupportedHttpVerb: "The resource doesn't support specified Http Verb.",
};

/** Text safe inside an XML element. */
export function xmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Storage's time in messages: ISO 8601 with seven fractional digits. */
function storageTime(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

export interface StorageErrorOptions {
  /** The emulator's clock, for the `Time:` line storage puts in every message. */
  readonly now: Date;
  /** Storage's own extra element for authentication failures. */
  readonly authenticationDetail?: string;
  /** reportql's explanation (what happened, what to do). */
  readonly detail?: string;
  readonly headers?: Record<string, string>;
}

export function storageError(code: StorageErrorCode, options: StorageErrorOptions): Answer {
  const requestId = randomUUID();
  const message = `${MESSAGE[code]}\nRequestId:${requestId}\nTime:${storageTime(options.now)}`;
  const parts = [
    `<Code>${code}</Code>`,
    `<Message>${xmlText(message)}</Message>`,
    options.authenticationDetail !== undefined &&
      `<AuthenticationErrorDetail>${xmlText(options.authenticationDetail)}</AuthenticationErrorDetail>`,
    options.detail !== undefined && `<ReportqlDetail>${xmlText(options.detail)}</ReportqlDetail>`,
  ].filter((p) => typeof p === "string");
  const body = `<?xml version="1.0" encoding="utf-8"?><Error>${parts.join("")}</Error>`;
  return new Answer(
    STATUS[code],
    {
      "content-type": "application/xml",
      "x-ms-error-code": code,
      "x-ms-request-id": requestId,
      ...options.headers,
    },
    body,
  );
}

/** An HTTP date, as storage writes times in `AuthenticationErrorDetail`. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
