import { useState } from 'react';
import { useProblemWorkloads } from '../hooks/use-problem-workloads';
import { useRestart, type RestartOutcome } from '../hooks/use-restart';
import { useDeskStore } from '../store/DeskProvider';
import { BatchResults } from './BatchResults';
import './ProblemsBanner.css';

/** How many broken workloads the banner names; the rest are counted. */
const NAMED = 3;

/**
 * Says which workloads came back broken (at launch, when the app re-adopts them, or since) and
 * why, with one Restart all for exactly those. Hidden until the first list has answered, so a
 * launch does not flash it, and hidden when nothing is broken. After Restart all it stays to show
 * each workload's result, even once the restarted workloads are no longer broken.
 */
export function ProblemsBanner() {
  const loaded = useDeskStore((s) => s.loaded);
  const problems = useProblemWorkloads();
  const { restarting, restart } = useRestart();
  const [outcome, setOutcome] = useState<RestartOutcome | null>(null);

  if (!loaded || (problems.length === 0 && !restarting && outcome === null)) return null;

  const restartAll = async () => {
    setOutcome(null);
    const answer = await restart(problems.map((w) => w.name));
    if (answer) setOutcome(answer);
  };

  const count = problems.length;
  return (
    <section role="status" aria-label="Workloads with problems" className={`problems-banner${count === 0 ? ' resolved' : ''}`}>
      {count > 0 ? (
        <>
          <div className="problems-header">
            <h2>{count === 1 ? '1 workload has a problem' : `${count} workloads have problems`}</h2>
            <button type="button" disabled={restarting} onClick={() => void restartAll()}>
              {restarting ? 'Restarting…' : 'Restart all'}
            </button>
          </div>
          <ul className="problems-list">
            {problems.slice(0, NAMED).map((w) => (
              <li key={w.name} title={w.statusContext || undefined}>
                <strong>{w.name}</strong> ({w.status}){w.statusContext ? `: ${w.statusContext}` : ''}
              </li>
            ))}
          </ul>
          {count > NAMED ? <p className="problems-more">and {count - NAMED} more</p> : null}
        </>
      ) : restarting ? (
        <p className="problems-more">Restarting…</p>
      ) : null}
      {outcome ? <BatchResults className="problems-results" verb="Restart" answer={outcome} onDismiss={() => setOutcome(null)} /> : null}
    </section>
  );
}
