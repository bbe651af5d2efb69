/**
 * What kind of values a column holds, for the synthetic data and the table layout. No public source
 * gives column types (the catalogs' `columnTypes` are empty), so a catalog `type`, when present,
 * wins, and otherwise the name decides: `...Date` is a date, `Is...` a 0/1 flag, `...USD` money, and
 * so on. Value domains come from the catalog's optional `values` first, then from the values the
 * documentation's own examples filter on (so those filters return rows).
 */
import type { ColumnInfo, DatasetInfo } from "../semantic/catalog.js";
import type { StorageType } from "./sql.js";

/** How a column's values are made. */
export type ValueKind =
  | { readonly kind: "day"; readonly monthly: boolean }
  | { readonly kind: "timestamp" }
  | { readonly kind: "flag" }
  | { readonly kind: "amount"; readonly max: number; readonly decimals: number }
  | { readonly kind: "count"; readonly max: number }
  | { readonly kind: "text"; readonly domain: TextDomain; readonly values?: readonly string[] };

/** The faker family a text column draws from (see data.ts). */
export type TextDomain =
  | "uuid"
  | "digits"
  | "company"
  | "person"
  | "first"
  | "last"
  | "email"
  | "domain"
  | "country"
  | "countryCode"
  | "city"
  | "state"
  | "postal"
  | "street"
  | "currency"
  | "level"
  | "product"
  | "word";

/** A column with an optional value domain (another part of reportql may add `values` to ColumnInfo). */

/**
 * Values the published examples filter on, by lower-cased column name: `OrderStatus = 'Active'`,
 * `SKUBillingType = 'Paid'`, ... (api-facts §5 and the sample queries), with their documented siblings.
 */
const DOCUMENTED_VALUES: Readonly<Record<string, readonly string[]>> = {
  orderstatus: ["Active", "Cancelled"],
  skubillingtype: ["Paid", "Free"],
  marketplacelicensetype: ["Billed Through Azure", "Bring Your Own License"],
  azurelicensetype: ["Pay as You Go", "Enterprise"],
  payoutstatus: ["Sent", "Upcoming", "Accruing"],
  billingmodel: ["SubscriptionBased", "UsageBased"],
  hastrial: ["True", "False"],
  trialdeployment: ["True", "False"],
  istrial: ["True", "False"],
  sku: ["MICROSOFT 365 BUSINESS STANDARD", "MICROSOFT 365 E3", "OFFICE 365 E1", "DYNAMICS 365 SALES"],
  offername: ["Example Offer Name", "Contoso Analytics", "Contoso Backup", "Fabrikam VM Image"],
  offertype: ["SaaS", "Azure Application", "Virtual Machine", "Container"],
  customersegment: ["SMB", "Enterprise", "Corporate", "Education"],
  subscriptionstate: ["Active", "Suspended", "Deleted"],
  subscriptionstatus: ["Active", "Suspended", "Deleted"],
  deploymentstatus: ["Succeeded", "Failed"],
  billingterm: ["1-month", "1-year", "3-year"],
  customertype: ["Individual", "Organization"],
};

const DATE_NAME = /(date|datekey|month|monthkey|acquired|lost)$/i;
const TIMESTAMP_NAME = /[a-z](Time|Timestamp|At)$/;
const FLAG_NAME = /^(is|has)[A-Z]|^(autorenew|multiparty|promotionalcustomers)$/i;
const MONEY_NAME = /(revenue|usd|amount|charge|price|acr|payout|earning|cost|adjustment|impact|cc|pc)$/i;
const COUNT_NAME =
  /(count|seats|users|units|quantity|participants|visits|getitnow|contactme|testdrive|freetrial|duration|milliseconds|offset|licenses?|coresize)$/i;
const USAGE_NAME = /(usage|rate|percent|threshold|aggregate|contribution|opportunity)$/i;

/** How the values of a column are made. */
export function valueKind(column: ColumnInfo): ValueKind {
  // The catalog's value domain (documented values, with sources) is the data the emulator draws from,
  // so a documented filter value returns rows.
  const domain = column.values;
  if (domain?.type === "number" && domain.values.every((v) => v.value === 0 || v.value === 1))
    return { kind: "flag" };
  const values = domain?.values.map((v) => String(v.value));
  const name = column.name;
  if (
    column.type === "date" ||
    (column.type === undefined && DATE_NAME.test(name) && !/^is|^has/i.test(name))
  )
    return { kind: "day", monthly: /month/i.test(name) };
  if (column.type === undefined && TIMESTAMP_NAME.test(name)) return { kind: "timestamp" };
  if (values !== undefined && values.length > 0) return { kind: "text", domain: "word", values };
  if (/currency/i.test(name)) return { kind: "text", domain: "currency" };
  const documented = DOCUMENTED_VALUES[name.toLowerCase()];
  if (documented !== undefined) return { kind: "text", domain: "word", values: documented };
  if (column.type === "boolean" || FLAG_NAME.test(name)) return { kind: "flag" };
  if (column.type === "number" || column.kind === "metric") return numberKind(name);
  if (column.type === undefined && (MONEY_NAME.test(name) || COUNT_NAME.test(name) || USAGE_NAME.test(name)))
    return numberKind(name);
  return { kind: "text", domain: textDomain(name) };
}

function numberKind(name: string): ValueKind {
  if (COUNT_NAME.test(name))
    return { kind: "count", max: /duration|milliseconds/i.test(name) ? 600_000 : 500 };
  if (/percent/i.test(name)) return { kind: "amount", max: 100, decimals: 2 };
  if (/rate$/i.test(name)) return { kind: "amount", max: 2, decimals: 4 };
  if (/usage$/i.test(name)) return { kind: "amount", max: 10_000, decimals: 3 };
  return { kind: "amount", max: 10_000, decimals: 2 };
}

const TEXT_RULES: readonly [RegExp, TextDomain][] = [
  [/(mpnid|tpid|dunsnumber|enrollmentnumber|mcpid|partnerid)$/i, "digits"],
  [/(id|guid|reference|uri)$/i, "uuid"],
  [/email$/i, "email"],
  [/firstname$/i, "first"],
  [/lastname$/i, "last"],
  [/^(username|individual)/i, "person"],
  [/(companyname|customername|partnername|resellername|providername|accountname|tenantname)$/i, "company"],
  [/(domain|domainname)$/i, "domain"],
  [/(countrycode|resellermarket)$/i, "countryCode"],
  [/(country|countryname|market|countryregion|countrylocation|region)$/i, "country"],
  [/(city|citylocation)$/i, "city"],
  [/state$/i, "state"],
  [/postalcode$/i, "postal"],
  [/address/i, "street"],
  [/currency(code)?$/i, "currency"],
  [/(product|productname|offername|planname|trainingname|trainingtitle|appname)$/i, "product"],
];

function textDomain(name: string): TextDomain {
  for (const [pattern, domain] of TEXT_RULES) if (pattern.test(name)) return domain;
  // The propensity datasets' long names (`DigitalWorkforce...`) and `...Fit`/`...Intent` hold levels.
  if (name.length > 28 || /(fit|intent|cluster|level)$/i.test(name)) return "level";
  return "word";
}

/** The stored type of a kind of value. */
export function storageType(kind: ValueKind): StorageType {
  switch (kind.kind) {
    case "day":
      return "DATE";
    case "timestamp":
      return "TIMESTAMP";
    case "flag":
    case "count":
      return "BIGINT";
    case "amount":
      return "DOUBLE";
    default:
      return "VARCHAR";
  }
}

/** Names that date a row, best first: the column TIMESPAN limits. */
const TIME_COLUMN_PREFERENCE: readonly RegExp[] = [
  /^date$/i,
  /^datekey$/i,
  /^usagedate$/i,
  /^orderpurchasedate$/i,
  /^month$/i,
  /^monthkey$/i,
  /^monthstartdate$/i,
  /completiondate$/i,
  /^starttime$/i,
  /^eventtimestamp$/i,
];

/** The column a TIMESPAN limits: the best-named date column, else the first one, else none. */
export function timeColumn(dataset: DatasetInfo): ColumnInfo | undefined {
  const dated = dataset.columns.filter((c) => {
    const k = valueKind(c).kind;
    return k === "day" || k === "timestamp";
  });
  for (const pattern of TIME_COLUMN_PREFERENCE) {
    const found = dated.find((c) => pattern.test(c.name));
    if (found !== undefined) return found;
  }
  return dated[0];
}
