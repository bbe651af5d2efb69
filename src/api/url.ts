/**
 * A request URL against the contract: which root (and so which family), which endpoint, its path
 * parameters and its query parameters, all as mapped text so that every part maps to the file.
 */
import { boundedDistance } from "../semantic/suggest.js";
import { ENDPOINTS, type Endpoint } from "./endpoints.js";
import { API_ROOTS, type ApiRoot } from "./facts.js";
import { type MappedText, percentDecode, subText } from "./mapped-text.js";

/** A path or query parameter as written. */
export interface UrlParameter {
  readonly name: string;
  /** The name's characters. */
  readonly nameText: MappedText;
  /** The raw (still encoded) value; empty when written without `=`. */
  readonly raw: MappedText;
  /** The decoded value. */
  readonly value: MappedText;
  readonly hasEquals: boolean;
}

/** A URL split at its root. */
export interface ApiUrl {
  readonly root: ApiRoot;
  /** The root as written in the URL. */
  readonly rootText: MappedText;
  /** The path after the root, without the query string. */
  readonly path: MappedText;
  readonly query: readonly UrlParameter[];
}

/** Finds the API root in an expanded URL, or undefined when the URL is not one of the report APIs. */
export function splitApiUrl(url: MappedText): ApiUrl | undefined {
  const lower = url.text.toLowerCase();
  let best: { root: ApiRoot; at: number } | undefined;
  for (const root of API_ROOTS) {
    const at = lower.indexOf(root.path.toLowerCase());
    const after = lower.charAt(at + root.path.length);
    if (at >= 0 && (after === "" || after === "/" || after === "?") && (best === undefined || at < best.at))
      best = { root, at };
  }
  if (best === undefined) return undefined;
  const pathStart = best.at + best.root.path.length;
  const queryAt = url.text.indexOf("?", pathStart);
  const hashAt = url.text.indexOf("#", pathStart);
  const pathEnd = queryAt >= 0 ? queryAt : hashAt >= 0 ? hashAt : url.text.length;
  const queryEnd = hashAt > queryAt ? hashAt : url.text.length;
  return {
    root: best.root,
    rootText: subText(url, best.at, pathStart),
    path: subText(url, pathStart, pathEnd),
    query: queryAt >= 0 ? parseQuery(subText(url, queryAt + 1, queryEnd)) : [],
  };
}

function parseQuery(query: MappedText): UrlParameter[] {
  const out: UrlParameter[] = [];
  let start = 0;
  while (start <= query.text.length) {
    const amp = query.text.indexOf("&", start);
    const end = amp >= 0 ? amp : query.text.length;
    if (end > start) {
      const part = subText(query, start, end);
      const eq = part.text.indexOf("=");
      const nameText = subText(part, 0, eq >= 0 ? eq : part.text.length);
      const raw =
        eq >= 0 ? subText(part, eq + 1, part.text.length) : subText(part, part.text.length, part.text.length);
      out.push({
        name: percentDecode(nameText).text.trim(),
        nameText,
        raw,
        value: percentDecode(raw),
        hasEquals: eq >= 0,
      });
    }
    start = end + 1;
  }
  return out;
}

/** The path split into segments, each mapped. */
export function pathSegments(path: MappedText): MappedText[] {
  const segments: MappedText[] = [];
  let start = 0;
  for (let i = 0; i <= path.text.length; i++) {
    if (i === path.text.length || path.text.charAt(i) === "/") {
      if (i > start) segments.push(subText(path, start, i));
      start = i + 1;
    }
  }
  return segments;
}

/** The endpoints whose path template the segments fit, most literal segments first. */
export function matchPath(segments: readonly MappedText[]): Endpoint[] {
  const fits = (endpoint: Endpoint) => {
    const template = endpoint.path.split("/").filter((s) => s !== "");
    if (template.length !== segments.length) return -1;
    let literal = 0;
    for (const [i, part] of template.entries()) {
      const text = (segments[i] as MappedText).text;
      if (part.startsWith("{")) continue;
      if (part.toLowerCase() !== text.toLowerCase()) return -1;
      literal++;
    }
    return literal;
  };
  const scored = ENDPOINTS.map((e) => ({ e, score: fits(e) })).filter((x) => x.score >= 0);
  return scored.sort((a, b) => b.score - a.score).map((x) => x.e);
}

/** The endpoint path closest to a path that matched none. */
export function closestPath(path: string): string {
  const templates = [...new Set(ENDPOINTS.map((e) => e.path))];
  const lower = path.toLowerCase();
  let best = templates[0] as string;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const template of templates) {
    // Ids compare as the template's placeholder: only the literal parts should decide.
    const shape = template.replace(/\{\w+\}/g, "").toLowerCase();
    const written = lower.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, "");
    const distance = boundedDistance(written, shape, 64);
    if (distance < bestDistance) {
      best = template;
      bestDistance = distance;
    }
  }
  return best;
}
