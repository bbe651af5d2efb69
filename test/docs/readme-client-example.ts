/** The README's `reportql/client` example, kept the same by test/docs/readme-client.test.ts, type-checked by `npm run typecheck`. */
import { createClient } from "../../src/client/index.js";

const client = createClient({
  endpoint: "http://127.0.0.1:7071/insights/v1/cmp",
  token: "local", // or an async function, e.g. an @azure/identity credential's getToken
});
const [query] = (
  await client.createQuery({
    body: { Name: "orders", Query: "SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LAST_6_MONTHS" },
  })
).value;
if (query === undefined) throw new Error("the service answered without the query");
const [report] = (
  await client.createReport({ body: { ReportName: "now", QueryId: query.queryId, ExecuteNow: true } })
).value;
if (report === undefined) throw new Error("the service answered without the report");
const execution = await client.waitForExecution(report.reportId, { pollInterval: 1000 });
for await (const row of client.download(execution)) console.log(row.OrderId, row.CustomerCountry);
