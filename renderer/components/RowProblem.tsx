import { useRestart } from '../hooks/use-restart';
import { useDeskStore } from '../store/DeskProvider';
import './RowProblem.css';

/**
 * A broken workload's reason and a Restart for it alone, inside its row's status cell. The reason is
 * cut to the cell so the row stays one line (the table windows rows by a fixed height); its title
 * holds the whole text. A refusal goes to the notice bar as the core worded it; a success needs no
 * word, because the row itself moves to `starting`.
 */
export function RowProblem({ name, reason }: { name: string; reason: string }) {
  const { restarting, restart } = useRestart();
  const showNotice = useDeskStore((s) => s.showNotice);

  const onRestart = async () => {
    const outcome = await restart([name]);
    if (!outcome) return;
    if ('refused' in outcome) return showNotice(`failed to restart workload "${name}": ${outcome.refused}`);
    const failed = outcome.items.find((item) => !item.ok);
    if (failed && !failed.ok) showNotice(failed.error.message);
  };

  return (
    <>
      {reason ? (
        <span className="row-reason" title={reason}>
          {reason}
        </span>
      ) : null}
      <button type="button" className="row-restart" aria-label={`Restart ${name}`} disabled={restarting} onClick={() => void onRestart()}>
        {restarting ? 'Restarting…' : 'Restart'}
      </button>
    </>
  );
}
