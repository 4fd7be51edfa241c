/**
 * One measured number of a bench suite. With `baseline`, the runner prints the two side by side and
 * their ratio (value / baseline.value), both measured in the same run on the same machine.
 */
export type BenchRow = {
  name: string;
  value: number;
  /** The unit of `value` and of `baseline.value`, e.g. 'ms' or 'MB'. */
  unit: string;
  baseline?: { name: string; value: number };
};
