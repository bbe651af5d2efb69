/**
 * How many cases a property test tries. CI uses the defaults; `FC_RUNS=50000 npm test` hunts deeper
 * locally (the multiplier scales every property alike).
 */
const override = Number(process.env.FC_RUNS);

/** `base` cases by default, or `FC_RUNS` when it is set to a positive number. */
export function runs(base: number): number {
  return Number.isFinite(override) && override > 0 ? override : base;
}
