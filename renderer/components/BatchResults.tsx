import type { BatchItem } from '../../shared/contract';

/** What a batch request answered: one result per workload, or the core's refusal of the whole request. */
export type BatchAnswer = { readonly items: readonly BatchItem[] } | { readonly refused: string };

interface BatchResultsProps {
  /** The action as a word: "Stop", "Restart". */
  readonly verb: string;
  readonly answer: BatchAnswer;
  readonly onDismiss: () => void;
  readonly className: string;
  /** Announce the results as a status region (off where the container already is one). */
  readonly asStatus?: boolean;
}

/** A batch's answer, a line per workload (`name: ok` or the core's message), with Dismiss. */
export function BatchResults({ verb, answer, onDismiss, className, asStatus = false }: BatchResultsProps) {
  return (
    <div className={className} {...(asStatus ? { role: 'status', 'aria-label': `${verb} results` } : {})}>
      {'refused' in answer ? (
        <p className="batch-refused">
          {verb} refused: {answer.refused}
        </p>
      ) : (
        <ul aria-label={`${verb} results`}>
          {answer.items.map((item) => (
            <li key={item.name} className={item.ok ? 'batch-ok' : 'batch-failed'}>
              {item.name}: {item.ok ? 'ok' : item.error.message}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
