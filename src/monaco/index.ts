/** `reportql/monaco`: the report query language for Monaco editors. `monaco-editor` is a peer dependency. */
export type { MonarchLanguage } from "./monarch.js";
export { monarchLanguage } from "./monarch.js";
export type { MonacoApi, RegisterOptions, ReportQLRegistration } from "./register.js";
export { LANGUAGE_ID, registerReportQL } from "./register.js";
