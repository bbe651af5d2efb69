/**
 * A report file's answer, as Azure Blob storage answers Get Blob: the whole file (200) or the one
 * byte range asked for (206, ranges.ts), with the blob's validators, `ETag` (storage's form, `"0x"`
 * and hexadecimal digits, here of the file's hash) and `Last-Modified` (when the run made the file),
 * and the conditions clients send with them. The Azure SDKs download a large blob in ranged parts,
 * each after the first with `If-Match` set to the first part's ETag, and a browser resumes a download
 * with `If-Range`:
 *
 * - `If-Match` that names no ETag of the file (`*` names any): 412 `ConditionNotMet`.
 * - `If-None-Match` that names the file's ETag (or `*`): 304, no body.
 * - `If-Range` with another ETag or date than the file's: the range is ignored, the whole file (200),
 *   as RFC 9110 section 13.1.5 says.
 */
import { createHash } from "node:crypto";
import { Answer, type EmulatorRequest } from "./envelope.js";
import { requestedRange } from "./ranges.js";
import { storageError } from "./storage.js";

export interface ReportFile {
  readonly file: string;
  readonly format: string;
  /** When the run made the file. */
  readonly generated: Date;
}

/** The file's ETag, as storage writes one (`"0x8D9D029D0C90AF4"`): the same file, the same tag. */
export function fileETag(file: string): string {
  const digest = createHash("sha256").update(file).digest("hex").slice(0, 15).toUpperCase();
  return `"0x${digest}"`;
}

/** The entity tags of an `If-Match` / `If-None-Match` list; `*` as itself. */
function tags(header: string): string[] {
  return header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/**
 * The last file answered, hashed and encoded: a client downloads a large file as many ranged parts
 * of the same file, one after another, and each part would otherwise hash and encode it whole.
 */
let last: { readonly file: string; readonly etag: string; readonly bytes: Buffer } | undefined;

function prepared(file: string): { readonly etag: string; readonly bytes: Buffer } {
  if (last?.file !== file) last = { file, etag: fileETag(file), bytes: Buffer.from(file, "utf8") };
  return last;
}

export function fileAnswer(request: EmulatorRequest, found: ReportFile, now: Date): Answer {
  const { etag, bytes } = prepared(found.file);
  const lastModified = found.generated.toUTCString();
  const validators = { etag, "last-modified": lastModified, "accept-ranges": "bytes" };
  const ifMatch = request.headers.get("if-match");
  // If-Match compares strongly: a weak tag (`W/"..."`) never matches.
  if (ifMatch !== null && !tags(ifMatch).some((t) => t === "*" || t === etag))
    return storageError("ConditionNotMet", {
      now,
      detail: `If-Match names ${ifMatch}, and the file's ETag is ${etag}: the file is not the one the earlier parts came from; download it again from the start`,
      headers: validators,
    });
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null && tags(ifNoneMatch).some((t) => t === "*" || t.replace(/^W\//, "") === etag))
    return new Answer(304, validators, "", true);
  const type = found.format === "TSV" ? "text/tab-separated-values" : "text/csv";
  const headers = { "content-type": `${type}; charset=utf-8`, ...validators };
  const ifRange = request.headers.get("if-range")?.trim();
  const rangeHolds = ifRange === undefined || ifRange === etag || ifRange === lastModified;
  const range = rangeHolds
    ? requestedRange(request.headers.get("x-ms-range"), request.headers.get("range"), bytes.length)
    : { kind: "whole" as const };
  if (range.kind === "whole") return new Answer(200, headers, bytes);
  if (range.kind === "unsatisfiable")
    return storageError("InvalidRange", {
      now,
      detail:
        bytes.length === 0
          ? "The file is empty: no range of it can be given; ask for it without Range"
          : `The file has ${bytes.length} bytes: a range starts at an offset from 0 to ${bytes.length - 1} (bytes=start-end or bytes=start-); a suffix range (bytes=-n) is not one storage takes`,
      headers: { ...validators, "content-range": `bytes */${bytes.length}` },
    });
  const part = bytes.subarray(range.start, range.end + 1);
  return new Answer(
    206,
    { ...headers, "content-range": `bytes ${range.start}-${range.end}/${bytes.length}` },
    part,
  );
}
