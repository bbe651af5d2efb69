/**
 * The client's method types, derived from the contract's endpoint table (`EndpointTable`): each
 * operation's parameters (required or not, by name), its body and its item type come from the same
 * data the emulator routes by and the OpenAPI document is generated from. Nothing is restated here.
 */
import type { z } from "zod";
import type { EndpointTable } from "../api/endpoints.js";
import type { CreateQueryBody, CreateReportBody, UpdateReportBody } from "../api/schemas.js";
import type { ApiResponse } from "./envelope.js";

type AnyEndpoint = EndpointTable[number];

/** Every operation of the contract: `getQueries`, `createReport`, ... */
export type OperationId = AnyEndpoint["operationId"];

/** One row of the table. */
export type EndpointOf<Id extends OperationId> = Extract<AnyEndpoint, { operationId: Id }>;

/** A parameter's value: booleans as booleans, `;`-joined lists as arrays (or one joined string). */
type ParameterValue<P> = P extends { check: "boolean" }
  ? boolean
  : P extends { list: true }
    ? string | readonly string[]
    : string;

type ParametersOf<Id extends OperationId> = EndpointOf<Id>["parameters"][number];

type RequiredParameters<Id extends OperationId> = {
  readonly [P in ParametersOf<Id> as P extends { required: true } ? P["name"] : never]: ParameterValue<P>;
};
type OptionalParameters<Id extends OperationId> = {
  readonly [P in ParametersOf<Id> as P extends { required: true } ? never : P["name"]]?: ParameterValue<P>;
};

/** The bodies by the contract's body kind. */
export interface Bodies {
  readonly createQuery: CreateQueryBody;
  readonly createReport: CreateReportBody;
  readonly updateReport: UpdateReportBody;
}

type BodyOf<Id extends OperationId> =
  EndpointOf<Id> extends { body: infer K extends keyof Bodies }
    ? { readonly body: Bodies[K] }
    : Record<never, never>;

/** What an operation takes: its path and query parameters by name, and `body` when it has one. */
export type OperationInput<Id extends OperationId> = RequiredParameters<Id> &
  OptionalParameters<Id> &
  BodyOf<Id>;

/** The item type of an operation's answer (`value[i]`). */
export type OperationItem<Id extends OperationId> = z.infer<ReturnType<EndpointOf<Id>["item"]>>;

/** Options of one call. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** One method: the input may be left out when nothing in it is required. */
export type OperationMethod<Id extends OperationId> =
  Record<never, never> extends OperationInput<Id>
    ? (input?: OperationInput<Id>, options?: CallOptions) => Promise<ApiResponse<OperationItem<Id>>>
    : (input: OperationInput<Id>, options?: CallOptions) => Promise<ApiResponse<OperationItem<Id>>>;

/** One typed method per operation of the contract. */
export type Operations = { readonly [Id in OperationId]: OperationMethod<Id> };

export type Query = OperationItem<"getQueries">;
export type Report = OperationItem<"getReports">;
export type Execution = OperationItem<"getExecutions">;
export type Dataset = OperationItem<"getDatasets">;
