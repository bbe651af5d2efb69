/**
 * A small XML 1.0 well-formedness check, for the JUnit report: every character an XML `Char`, a
 * declaration, elements with quoted attributes properly nested, and `&` only in the five predefined
 * entities or a character reference to a `Char`. No DTDs, comments or processing instructions (the
 * report has none, so meeting one is an error too). Returns the first problem, or undefined.
 */

const NOT_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding what XML cannot hold is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAME = "[A-Za-z_][\\w.-]*";
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
const ATTRIBUTE = new RegExp(`^\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`);
const OPEN = new RegExp(`^<(${NAME})`);
const CLOSE = new RegExp(`^</(${NAME})\\s*>`);

/** The first problem that makes `text` not well-formed XML, or undefined. */
export function xmlProblem(text: string): string | undefined {
  const bad = NOT_CHAR.exec(text);
  if (bad !== null) return `character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`;
  let rest = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let root = false;
  while (rest.length > 0) {
    const close = CLOSE.exec(rest);
    const open = OPEN.exec(rest);
    if (close !== null) {
      if (stack.pop() !== close[1]) return `unexpected </${close[1]}>`;
      rest = rest.slice(close[0].length);
    } else if (open !== null) {
      if (stack.length === 0 && root) return "a second root element";
      root = true;
      rest = rest.slice(open[0].length);
      for (let a = ATTRIBUTE.exec(rest); a !== null; a = ATTRIBUTE.exec(rest)) {
        const problem = references(a[0]);
        if (problem !== undefined) return problem;
        rest = rest.slice(a[0].length);
      }
      const end = /^\s*(\/?)>/.exec(rest);
      if (end === null) return `unclosed tag <${open[1]}`;
      if (end[1] === "") stack.push(open[1] as string);
      rest = rest.slice(end[0].length);
    } else {
      const length = rest.search(/<|$/);
      const content = rest.slice(0, length);
      if (stack.length === 0 && content.trim() !== "") return "text outside the root element";
      if (content.includes("]]>")) return "`]]>` in text";
      const problem = references(content);
      if (problem !== undefined) return problem;
      if (length === 0) return `stray markup at ${JSON.stringify(rest.slice(0, 20))}`;
      rest = rest.slice(length);
    }
  }
  if (stack.length > 0) return `unclosed <${stack.at(-1)}>`;
  return root ? undefined : "no root element";
}

/** Checks every `&` of a text (or an attribute) starts a reference to an XML character. */
function references(text: string): string | undefined {
  for (let at = text.indexOf("&"); at >= 0; at = text.indexOf("&", at + 1)) {
    const match = REFERENCE.exec(text.slice(at, at + 12));
    if (match === null) return `a bare & at ${JSON.stringify(text.slice(at, at + 10))}`;
    const numeric = /^&#(x?)([0-9a-fA-F]+);$/.exec(match[0]);
    if (numeric !== null) {
      const code = Number.parseInt(numeric[2] as string, numeric[1] === "x" ? 16 : 10);
      if (code > 0x10ffff || NOT_CHAR.test(code >= 0x10000 ? "a" : String.fromCharCode(code)))
        return `reference to a non-character ${match[0]}`;
    }
  }
  return undefined;
}
