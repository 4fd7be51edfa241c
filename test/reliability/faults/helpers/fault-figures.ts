import { recordFigures } from '../../helpers/scale';

/** One injected fault: how long until it showed, and until restart had the workload serving again. */
export interface FaultOutcome {
  readonly fault: string;
  /** From the injection to the first read (or refusal) that showed the expected state and reason. */
  readonly detectMs: number;
  /** From the start of the recovering command to a real MCP call answered through the proxy; NaN if it never recovered. */
  readonly recoverMs: number;
}

/**
 * The figures of one fault suite: every fault injected, how many recovered, and per kind of fault
 * the median and worst time to detection and to recovery.
 */
export class FaultFigures {
  private readonly outcomes: FaultOutcome[] = [];

  constructor(private readonly suite: string) {}

  /** Notes one fault; call it once its recovery is proven (or with NaN when it was not). */
  add(outcome: FaultOutcome): void {
    this.outcomes.push(outcome);
  }

  /** How many of `fault` were noted. */
  count(fault: string): number {
    return this.outcomes.filter((o) => o.fault === fault).length;
  }

  /** Prints and writes the figures (see recordFigures). */
  async record(extra: Record<string, number | string> = {}): Promise<void> {
    const figures: Record<string, number | string> = {
      injected: this.outcomes.length,
      recovered: this.outcomes.filter((o) => Number.isFinite(o.recoverMs)).length,
      ...extra,
    };
    for (const fault of [...new Set(this.outcomes.map((o) => o.fault))]) {
      const mine = this.outcomes.filter((o) => o.fault === fault);
      figures[`${fault}.n`] = mine.length;
      figures[`${fault}.detectMs.median`] = median(mine.map((o) => o.detectMs));
      figures[`${fault}.detectMs.max`] = Math.max(...mine.map((o) => o.detectMs));
      figures[`${fault}.recoverMs.median`] = median(mine.map((o) => o.recoverMs));
      figures[`${fault}.recoverMs.max`] = Math.max(...mine.map((o) => o.recoverMs));
    }
    await recordFigures(this.suite, figures);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Milliseconds since `start` (a performance.now() reading), rounded. */
export function since(start: number): number {
  return Math.round(performance.now() - start);
}
