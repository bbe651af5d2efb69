/**
 * How many cases a property test tries. CI uses each property's own default; `FC_RUNS=50000 npm test`
 * runs every property with that many cases instead, to hunt deeper locally.
 */
const override = Number(process.env.FC_RUNS);

/** `base` cases by default, or `FC_RUNS` when it is set to a positive number. */
export function runs(base: number): number {
  return Number.isFinite(override) && override > 0 ? override : base;
}
