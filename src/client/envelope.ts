/**
 * The service's answer envelope, normalised. The published samples spell keys in several cases
 * (`value`, `Value`, ` nextLink`), some clients see bare arrays, and an HTTP 200 can carry
 * `statusCode: 400` with an error message: all of that becomes one shape here.
 */

/** A normalised answer. */
export interface ApiResponse<T> {
  readonly value: readonly T[];
  readonly nextLink: string | null;
  readonly totalCount: number;
  readonly message: string | null;
  /** The envelope's status, or the HTTP status when the envelope has none. */
  readonly statusCode: number;
  readonly dataRedacted: boolean;
}

const ENVELOPE_KEYS = ["value", "nextLink", "totalCount", "message", "statusCode", "dataRedacted"] as const;

/** The object's keys renamed to the canonical spelling they match regardless of case and spaces. */
export function canonicalKeys(
  object: Readonly<Record<string, unknown>>,
  canonical: readonly string[],
): Record<string, unknown> {
  const byLower = new Map(canonical.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const name = byLower.get(key.trim().toLowerCase()) ?? key;
    // A canonical spelling already present wins over a variant of it.
    if (!(name in out) || key === name) out[name] = value;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The envelope of a parsed JSON answer, items' keys put in the contract's spelling (`itemKeys`), or
 * undefined when the JSON is not an envelope at all.
 */
export function normaliseEnvelope<T>(
  json: unknown,
  httpStatus: number,
  itemKeys: readonly string[] = [],
): ApiResponse<T> | undefined {
  const body = Array.isArray(json)
    ? { value: json }
    : isRecord(json)
      ? canonicalKeys(json, ENVELOPE_KEYS)
      : undefined;
  if (body === undefined) return undefined;
  const raw = body.value;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) return undefined;
  const items = (raw ?? []).map((item: unknown) =>
    isRecord(item) && itemKeys.length > 0 ? canonicalKeys(item, itemKeys) : item,
  ) as T[];
  const status = Number(body.statusCode);
  return {
    value: items,
    nextLink: typeof body.nextLink === "string" && body.nextLink !== "" ? body.nextLink : null,
    totalCount: typeof body.totalCount === "number" ? body.totalCount : items.length,
    message: typeof body.message === "string" ? body.message : null,
    statusCode: Number.isInteger(status) && status > 0 ? status : httpStatus,
    dataRedacted: body.dataRedacted === true,
  };
}

/** The status that counts: an error inside a 200 is that error. */
export function effectiveStatus(httpStatus: number, envelope: ApiResponse<unknown> | undefined): number {
  if (httpStatus >= 400 || envelope === undefined) return httpStatus;
  return envelope.statusCode >= 400 ? envelope.statusCode : httpStatus;
}
