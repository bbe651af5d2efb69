/**
 * A tolerant parser of `.http` / `.rest` request files, the format of VS Code's REST Client and the
 * JetBrains HTTP Client: requests separated by `###` lines; before each request, comments (`#`, `//`),
 * `# @name id` and file variables (`@host = value`); the request line `METHOD URL [HTTP/1.1]` (a bare
 * URL means GET), continued by indented `?`/`&` lines; headers up to a blank line; then the body.
 * Every line is accepted or skipped; the parser never throws.
 */
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { type Span, span } from "../text/span.js";

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
  readonly span: Span;
}

/** A piece of the URL: the request line's, or a continuation line's (trimmed). */
export interface UrlPiece {
  readonly start: number;
  readonly end: number;
}

export interface HttpRequest {
  /** From `# @name id`. */
  readonly name?: string;
  readonly method: string;
  /** The method as written, or undefined for a bare URL (GET). */
  readonly methodSpan?: Span;
  readonly url: readonly UrlPiece[];
  /** From the method (or URL) to the end of the URL. */
  readonly requestLine: Span;
  readonly headers: readonly HttpHeader[];
  /** The body's text span, without the blank lines around it. */
  readonly body?: Span;
  /** The body is read from another file (`< ./body.json`): there is a body, but not one to check here. */
  readonly bodyFromFile?: boolean;
  /**
   * Global variables a JetBrains response handler sets from the response body
   * (`> {% client.global.set("queryId", response.body.value[0].queryId) %}`): they outlive the file,
   * so a request in another file may use them as `{{queryId}}`.
   */
  readonly globals?: readonly string[];
}

export interface FileVariable {
  readonly name: string;
  readonly value: string;
}

export interface HttpFile {
  readonly requests: readonly HttpRequest[];
  readonly variables: readonly FileVariable[];
}

interface Line {
  readonly start: number;
  /** End of the content, before the line break. */
  readonly end: number;
  readonly text: string;
}

const METHODS = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|TRACE|CONNECT)\s+/i;
const VARIABLE_LINE = /^\s*@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;
const NAME_COMMENT = /^\s*(?:#|\/\/)\s*@name\s*=?\s*(\S+)/;
const COMMENT = /^\s*(#|\/\/)/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const match of text.matchAll(/\r\n|\r|\n/g)) {
    lines.push({ start, end: match.index, text: text.slice(start, match.index) });
    start = match.index + match[0].length;
  }
  lines.push({ start, end: text.length, text: text.slice(start) });
  return lines;
}

/** Parses a request file. */
export function parseHttpFile(text: string): HttpFile {
  const lines = splitLines(textOrEmpty(text));
  const requests: HttpRequest[] = [];
  const variables: FileVariable[] = [];
  let block: Line[] = [];
  const flush = () => {
    const request = parseBlock(block, variables);
    if (request) requests.push(request);
    block = [];
  };
  for (const line of lines) {
    if (/^\s*###/.test(line.text)) flush();
    else block.push(line);
  }
  flush();
  return { requests, variables };
}

function parseBlock(lines: readonly Line[], variables: FileVariable[]): HttpRequest | undefined {
  let i = 0;
  let name: string | undefined;
  for (; i < lines.length; i++) {
    const text = (lines[i] as Line).text;
    const named = NAME_COMMENT.exec(text);
    const variable = VARIABLE_LINE.exec(text);
    if (named) name = named[1];
    else if (variable) variables.push({ name: variable[1] as string, value: variable[2] as string });
    else if (text.trim() !== "" && !COMMENT.test(text)) break;
  }
  const first = lines[i];
  if (first === undefined) return undefined;
  const { method, methodSpan, url } = requestLine(first);
  const pieces: UrlPiece[] = [url];
  for (i++; i < lines.length && /^\s+[?&]/.test((lines[i] as Line).text); i++) {
    const line = lines[i] as Line;
    const lead = line.text.length - line.text.trimStart().length;
    pieces.push({ start: line.start + lead, end: line.start + line.text.trimEnd().length });
  }
  const headers: HttpHeader[] = [];
  for (; i < lines.length && (lines[i] as Line).text.trim() !== ""; i++) {
    const line = lines[i] as Line;
    if (COMMENT.test(line.text)) continue;
    const colon = line.text.indexOf(":");
    if (colon <= 0) continue;
    headers.push({
      name: line.text.slice(0, colon).trim(),
      value: line.text.slice(colon + 1).trim(),
      span: span(line.start, line.end),
    });
  }
  const last = pieces[pieces.length - 1] as UrlPiece;
  const request: HttpRequest = {
    ...(name !== undefined && { name }),
    method,
    ...(methodSpan && { methodSpan }),
    url: pieces,
    requestLine: span(methodSpan?.start ?? url.start, last.end),
    headers,
  };
  const rest = lines.slice(i + 1);
  const body = bodySpan(rest);
  const globals = handlerGlobals(rest);
  return {
    ...request,
    ...(body === "from-file" ? { bodyFromFile: true } : body && { body }),
    ...(globals.length > 0 && { globals }),
  };
}

const GLOBAL_FROM_RESPONSE = /client\.global\.set\(\s*["']([\w.-]+)["']\s*,\s*response\.body\b/g;

/** The global variables set from the response body by an inline response handler (`> {% ... %}`). */
function handlerGlobals(lines: readonly Line[]): string[] {
  const start = lines.findIndex((line) => /^\s*>\s*\{%/.test(line.text));
  if (start === -1) return [];
  const handler = lines
    .slice(start)
    .map((line) => line.text)
    .join("\n");
  const end = handler.indexOf("%}");
  const script = end === -1 ? handler : handler.slice(0, end);
  return [...script.matchAll(GLOBAL_FROM_RESPONSE)].map((m) => m[1] as string);
}

function requestLine(line: Line): { method: string; methodSpan?: Span; url: UrlPiece } {
  const lead = line.text.length - line.text.trimStart().length;
  const rest = line.text.slice(lead);
  const method = METHODS.exec(rest);
  const urlStart = lead + (method ? method[0].length : 0);
  // The URL ends before ` HTTP/1.1`, or at the end of the line.
  const version = / +HTTP\/[\d.]+\s*$/i.exec(line.text.slice(urlStart));
  const urlEnd = version ? urlStart + version.index : line.text.trimEnd().length;
  const url = { start: line.start + urlStart, end: line.start + Math.max(urlStart, urlEnd) };
  if (!method) return { method: "GET", url };
  const methodName = (method[1] as string).toUpperCase();
  return {
    method: methodName,
    methodSpan: span(line.start + lead, line.start + lead + methodName.length),
    url,
  };
}

/**
 * The body: everything after the blank line, less surrounding blank lines, a JetBrains response
 * handler (`> {% ... %}`, `> file.js`) or response reference (`<> file`) at its end. A body read from
 * a file (`< ./body.json`) is not in this file: there is none to check.
 */
function bodySpan(lines: readonly Line[]): Span | "from-file" | undefined {
  const content: Line[] = [];
  for (const line of lines) {
    if (/^\s*(>|<>)/.test(line.text)) break;
    content.push(line);
  }
  while (content.length > 0 && (content[content.length - 1] as Line).text.trim() === "") content.pop();
  while (content.length > 0 && (content[0] as Line).text.trim() === "") content.shift();
  const first = content[0];
  const last = content[content.length - 1];
  if (first === undefined || last === undefined) return undefined;
  if (/^\s*<\s/.test(first.text)) return "from-file";
  return span(first.start, last.end);
}
