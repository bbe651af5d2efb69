/** `formatWithCatalog`: the formatter with dataset, column and TIMESPAN names spelled as the catalog spells them. */

import { type FormatOptions, format } from "../format/format.js";
import { builtinCatalog, type Catalog, catalogOption } from "./catalog.js";
import { TIMESPANS } from "./timespan.js";

/** Formats a document and writes dataset and column names in the catalog's spelling. */
export function formatWithCatalog(
  text: string,
  given: Catalog = builtinCatalog("all"),
  options: FormatOptions = {},
): string {
  const catalog = catalogOption(given);
  return format(text, {
    ...options,
    canonicalName: (name, role, dataset) => {
      if (role === "dataset") return catalog.dataset(name)?.name;
      if (role === "timespan") return TIMESPANS.has(name.toUpperCase()) ? name.toUpperCase() : undefined;
      return dataset === undefined ? undefined : catalog.dataset(dataset)?.column(name)?.name;
    },
  });
}
