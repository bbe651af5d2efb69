/**
 * The query kept in the URL fragment (`#q=` + base64url of UTF-8), so a link shares it. A shared link
 * is untrusted input: only a well-formed fragment of bounded size is decoded, and only into the
 * editor's text (never into the page).
 */

/** The longest query a link may carry (characters of the fragment); longer links are refused. */
export const MAX_SHARED_LENGTH = 64 * 1024;

export type SharedQuery =
  | { readonly kind: "none" }
  | { readonly kind: "query"; readonly text: string }
  | { readonly kind: "refused"; readonly reason: string };

export function readSharedQuery(hash: string): SharedQuery {
  if (!hash.startsWith("#q=")) return { kind: "none" };
  if (hash.length > MAX_SHARED_LENGTH)
    return { kind: "refused", reason: `the shared query is over ${MAX_SHARED_LENGTH / 1024} KB` };
  const text = readQueryFromUrl(hash);
  return text === undefined
    ? { kind: "refused", reason: "the link's query is not valid base64url UTF-8" }
    : { kind: "query", text };
}

export function readQueryFromUrl(hash: string): string | undefined {
  if (hash.length > MAX_SHARED_LENGTH) return undefined;
  const match = /^#q=([A-Za-z0-9_-]*)$/.exec(hash);
  if (match === null) return undefined;
  try {
    const binary = atob((match[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function queryToHash(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return `#q=${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
