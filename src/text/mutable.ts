/** A readonly type made writable, for a value being built before it is handed out as the readonly type. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
