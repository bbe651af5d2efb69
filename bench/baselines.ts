/**
 * The baselines run side by side with reportql: a hand-written `charCodeAt` scanner for this token set
 * (the practical limit for lexing in V8), and the SQL parser a user would reach for (node-sql-parser).
 */

const KEYWORDS = new Set([
  "select",
  "distinct",
  "from",
  "where",
  "and",
  "order",
  "by",
  "asc",
  "desc",
  "limit",
  "timespan",
  "in",
  "not",
  "like",
]);

/**
 * Counts the tokens of a text: words (with a keyword lookup), numbers, single-quoted strings, operators,
 * punctuation, and comments and white space skipped. No allocation per token except the keyword test.
 */
export function scanTokens(text: string): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0) {
      i++;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    count++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95) i++;
        else break;
      }
      if (i - start <= 8) KEYWORDS.has(text.slice(start, i).toLowerCase());
    } else if ((c >= 48 && c <= 57) || c === 45) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46) i++;
        else break;
      }
    } else if (c === 39) {
      i++;
      while (i < n && text.charCodeAt(i) !== 39 && text.charCodeAt(i) !== 10) i++;
      i++;
    } else if ((c === 33 || c === 60 || c === 62) && text.charCodeAt(i + 1) === 61) i += 2;
    else i++;
  }
  return count;
}

/** The query as SQL: the TIMESPAN clause removed, since SQL parsers do not know it. */
export function asSql(query: string): string {
  return query.replace(/\s+TIMESPAN\s+\w+\s*$/i, "");
}
