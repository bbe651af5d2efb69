/**
 * The queries the live service demonstrably accepted (`accepted.jsonl`, hand-maintained; see
 * README.md): each with where it was recorded, its date and what the recording shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One accepted query and its evidence. */
export interface AcceptedEntry {
  readonly id: string;
  /** The query text exactly as the recorded request or response holds it (JSON-decoded). */
  readonly query: string;
  readonly dataset: string;
  /** `/insights/v1/mpn` (insights) or `/insights/v1/cmp` (marketplace). */
  readonly api: string;
  /** Where the recording is public. */
  readonly source: string;
  /** When the service answered. */
  readonly date: string;
  /** What the recording shows. */
  readonly evidence: string;
  /** `completed-run`, `service-system-query` (the service's own text) or `query-created`. */
  readonly strength: "completed-run" | "service-system-query" | "query-created";
  /** The verdict reportql must give under the default settings. */
  readonly verdict: "no-error-no-warning";
}

export const ACCEPTED: readonly AcceptedEntry[] = readFileSync(
  join(import.meta.dirname, "accepted.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as AcceptedEntry);
