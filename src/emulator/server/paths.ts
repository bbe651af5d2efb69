/**
 * A request's path as every part of the emulator reads it: split at `/` (empty segments dropped, so
 * `//` and a trailing `/` change nothing), each segment percent-decoded on its own, so that `%2F`
 * stays inside its segment. The analytics service (ASP.NET) and blob storage both decode the path
 * before matching it: `/insights/v1/%63mp` is the cmp root, and `/_emulator/files/<id>` with `%2D`
 * for a `-` of the id names the same file. Decoded here once, for routes.ts, admin.ts and the handler.
 */

export interface RequestPath {
  /** The decoded segments; a malformed one is kept as sent. */
  readonly segments: readonly string[];
  /** The first segment whose percent-encoding is malformed, as sent; undefined when all decode. */
  readonly malformed: string | undefined;
}

/** The admin API's first segment. */
export const ADMIN_SEGMENT = "_emulator";

export function requestPath(pathname: string): RequestPath {
  let malformed: string | undefined;
  const segments = pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        malformed ??= s;
        return s;
      }
    });
  return { segments, malformed };
}

const decoded = new WeakMap<URL, RequestPath>();

/**
 * A request URL's path, decoded once per URL: the handler, the routes, the admin API and the fault
 * lookup each ask for it.
 */
export function pathOf(url: URL): RequestPath {
  let path = decoded.get(url);
  if (path === undefined) {
    path = requestPath(url.pathname);
    decoded.set(url, path);
  }
  return path;
}

/** What is wrong with a path holding a malformed escape, for an answer's detail. */
export function malformedPathDetail(path: RequestPath): string {
  return `the path segment ${JSON.stringify(path.malformed ?? "")} holds a malformed percent-encoding: % must be followed by two hexadecimal digits, and the bytes must be UTF-8 (write % itself as %25)`;
}

/** Whether the path is the admin API's (`/_emulator/...`). */
export function isAdminPath(path: RequestPath): boolean {
  return path.segments[0] === ADMIN_SEGMENT;
}

/** The execution id of a report file's signed link (`/_emulator/files/<id>`), else undefined. */
export function fileId(path: RequestPath): string | undefined {
  const [admin, files, id, ...rest] = path.segments;
  return admin === ADMIN_SEGMENT && files === "files" && id !== undefined && rest.length === 0
    ? id
    : undefined;
}
