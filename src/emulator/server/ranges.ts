/**
 * Byte ranges of a report file, as Azure Blob storage's Get Blob reads them (the download link is a
 * SAS link to a blob; clients resume an interrupted download with a range):
 *
 * - `x-ms-range` wins over `Range` when both are given ("Specifying the range header for Blob service
 *   operations").
 * - Two forms only: `bytes=start-end` and `bytes=start-`. An end past the blob's last byte is cut to
 *   it (206); a start at or past its length is 416, its `Content-Range` giving `*` for the range and
 *   the size (also for an empty blob, where no start is satisfiable).
 * - A suffix range, `bytes=-n`, is not one of the two forms: storage answers it 416 (Elasticsearch's
 *   Azure fixture matches its third-party tests against the real service, elastic/elasticsearch#147935).
 * - Several ranges, another unit, or text that is no range at all are ignored: the whole blob, 200
 *   (as measured against the service in magicheron/AzureDataLakeGen2-SDK#2, and as RFC 9110 §14.2
 *   lets a server ignore a Range it does not understand).
 */

export type RangeRequest =
  /** No range, or one that is ignored: the whole file. */
  | { readonly kind: "whole" }
  | { readonly kind: "partial"; readonly start: number; readonly end: number }
  | { readonly kind: "unsatisfiable" };

const ONE_RANGE = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/** The range a request asks of a file of `size` bytes, from its `x-ms-range` or `Range` header. */
export function requestedRange(msRange: string | null, range: string | null, size: number): RangeRequest {
  const header = msRange ?? range;
  if (header === null) return { kind: "whole" };
  const match = ONE_RANGE.exec(header);
  if (match === null) return { kind: "whole" };
  const [, first = "", last = ""] = match;
  if (first === "") return last === "" ? { kind: "whole" } : { kind: "unsatisfiable" };
  // Digits past 2^53 are no offset of a file held in memory: past the end, so unsatisfiable.
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (!Number.isSafeInteger(start) || start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", start, end };
}
