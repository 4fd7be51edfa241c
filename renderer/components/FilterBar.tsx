import { parseFilterTextCached } from '../filter/filter-text';
import { useDeskStore } from '../store/DeskProvider';

/**
 * The filter input: `key=value` tokens as the CLI's `--filter` takes them (ANDed), other words
 * matched against name, image, URL and group. Invalid filters are listed under the input.
 */
export function FilterBar({ shown, total }: { shown: number; total: number }) {
  const filterText = useDeskStore((s) => s.filterText);
  const setFilterText = useDeskStore((s) => s.setFilterText);
  const { errors } = parseFilterTextCached(filterText);
  return (
    <div className="filter-bar">
      <input
        type="search"
        aria-label="Filter workloads"
        placeholder="Filter: words, or key=value (status=running group=dev team=backend)"
        value={filterText}
        onChange={(event) => setFilterText(event.target.value)}
        aria-invalid={errors.length > 0}
        spellCheck={false}
      />
      <span className="filter-count" aria-live="polite">
        {shown === total ? `${total} workloads` : `${shown} of ${total} workloads`}
      </span>
      {errors.map((error) => (
        <p role="alert" className="filter-error" key={error}>
          {error}
        </p>
      ))}
    </div>
  );
}
