/**
 * The `Allow` header of a route: its methods, with HEAD wherever GET is (HEAD is GET without the
 * body) and OPTIONS everywhere (answered by the handler, for tools and CORS preflights).
 */
export function allowedMethods(methods: readonly string[]): string[] {
  const all = new Set(methods.map((m) => m.toUpperCase()));
  if (all.has("GET")) all.add("HEAD");
  all.add("OPTIONS");
  return [...all].sort();
}

export function allowHeader(methods: readonly string[]): string {
  return allowedMethods(methods).join(", ");
}
