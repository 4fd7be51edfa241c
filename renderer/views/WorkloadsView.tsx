import { BatchBar } from '../components/BatchBar';
import { EngineBanner } from '../components/EngineBanner';
import { FilterBar } from '../components/FilterBar';
import { WorkloadTable } from '../components/WorkloadTable';
import { useFilterHashSync } from '../hooks/use-filter-hash-sync';
import { useVisibleNames } from '../hooks/use-visible-names';
import { useDeskStore } from '../store/DeskProvider';

/** The workloads screen: engine state, filter, batch actions and the table, with honest empty states. */
export function WorkloadsView() {
  useFilterHashSync();
  const names = useVisibleNames();
  const total = useDeskStore((s) => s.workloads.size);
  const loaded = useDeskStore((s) => s.loaded);
  const loadError = useDeskStore((s) => s.loadError);

  return (
    <main className="workloads-view">
      <h1>Workloads</h1>
      <EngineBanner />
      <FilterBar shown={names.length} total={total} />
      <BatchBar />
      <Body loaded={loaded} loadError={loadError} total={total} names={names} />
    </main>
  );
}

function Body({ loaded, loadError, total, names }: { loaded: boolean; loadError: string | null; total: number; names: readonly string[] }) {
  if (!loaded) return <p className="view-state">Loading workloads…</p>;
  if (loadError !== null)
    return (
      <p role="alert" className="view-state view-error">
        Could not list workloads: {loadError}
      </p>
    );
  if (total === 0)
    return (
      <p className="view-state">
        No workloads yet. Run an MCP server with <code>mcpdesk run</code>; it shows here as soon as it starts.
      </p>
    );
  if (names.length === 0) return <p className="view-state">No workload matches the filter.</p>;
  return <WorkloadTable names={names} />;
}
