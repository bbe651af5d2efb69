/** The query kept in the URL fragment (`#q=` + base64url of UTF-8), so a link shares it. */

export function readQueryFromUrl(hash: string): string | undefined {
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
