/**
 * The emulator's auth: any non-empty `Authorization: Bearer` token by default (the emulator is not a
 * security boundary). With `jwt`, the token must also have a JWT's shape (three base64url parts, a JSON
 * header and payload), the audience given and an `exp` after the emulator's clock. Signatures are not
 * verified: there is no key to verify them with.
 */

export interface JwtCheck {
  /** The `aud` the token must carry (one of its values when it is a list). */
  readonly audience?: string;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Why a request is not authorised, or undefined when it is. */
export function unauthorised(
  header: string | null,
  now: Date,
  jwt: JwtCheck | undefined,
): string | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec((header ?? "").trim())?.[1];
  if (token === undefined) return "no Bearer token";
  if (jwt === undefined) return undefined;
  const [head, body, signature, extra] = token.split(".");
  if (head === undefined || body === undefined || signature === undefined || extra !== undefined)
    return "the token is not a JWT";
  const payload = decodePart(body);
  if (decodePart(head) === undefined || payload === undefined) return "the token is not a JWT";
  const exp = payload.exp;
  if (typeof exp !== "number" || exp * 1000 <= now.getTime()) return "the token has expired";
  if (jwt.audience !== undefined) {
    const aud = payload.aud;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(jwt.audience)) return "the token is for another audience";
  }
  return undefined;
}
