/** Sample queries for the playground: one clean, the others showing what reportql catches. */
export const SAMPLES: readonly { readonly name: string; readonly text: string }[] = [
  {
    name: "Active orders (clean)",
    text: "-- Active orders of the last six months, newest first.\nSELECT OrderId, OfferName, OrderPurchaseDate, OrderStatus\nFROM ISVOrder\nWHERE OrderStatus = 'Active'\nORDER BY OrderPurchaseDate DESC\nTIMESPAN LAST_6_MONTHS\n",
  },
  {
    name: "Copied from the docs",
    text: "SELECT OrderId, OrderPurchaseDate FROM ISVOrder WHERE AzureLicenseType = ‘Enterprise’ TIMESPAN LAST\\_6\\_MONTHS\n",
  },
  {
    name: "SQL habits",
    text: "SELECT OfferName, SUM(Quantity) AS Total\nFROM ISVOrder\nWHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'\nGROUP BY OfferName\nTIMESPAN LAST_MONTH\nLIMIT 10\n",
  },
  {
    name: "Misspelled names",
    text: "SELECT CustomerName, CustomerTpid, BilledRevenueUSD, Montth\nFROM CustomersAndTenant\nWHERE BilledRevenueUSD > 20000\nTIMESPAN LAST_6_MONTH\n",
  },
];
