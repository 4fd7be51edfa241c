import { BatchBar } from '../components/BatchBar';
import { EngineBanner } from '../components/EngineBanner';
import { FilterBar } from '../components/FilterBar';
import { NoticeBar } from '../components/NoticeBar';
import { ProblemsBanner } from '../components/ProblemsBanner';
import { RunDialog } from '../components/RunDialog';
import { SettingsToggle } from '../components/SettingsToggle';
import { UpdateDialog } from '../components/UpdateDialog';
import { WorkloadTable } from '../components/WorkloadTable';
import { useFilterHashSync } from '../hooks/use-filter-hash-sync';
import { useVisibleNames } from '../hooks/use-visible-names';
import { useDeskStore } from '../store/DeskProvider';
import { DetailsPane } from './DetailsPane';

/** The workloads screen: engine state, broken workloads, filter, batch actions and the table, with honest empty states; the run and update dialogs and the details pane open over it. */
export function WorkloadsView() {
  useFilterHashSync();
  const names = useVisibleNames();
  const total = useDeskStore((s) => s.workloads.size);
  const loaded = useDeskStore((s) => s.loaded);
  const loadError = useDeskStore((s) => s.loadError);
  const openRunDialog = useDeskStore((s) => s.openRunDialog);

  return (
    <main className="workloads-view">
      <header className="view-header">
        <h1>Workloads</h1>
        <button type="button" onClick={() => openRunDialog()}>
          Run…
        </button>
        <SettingsToggle />
      </header>
      <NoticeBar />
      <EngineBanner />
      <ProblemsBanner />
      <FilterBar shown={names.length} total={total} />
      <BatchBar />
      <div className="workloads-body">
        <Body loaded={loaded} loadError={loadError} total={total} names={names} />
        <DetailsPane />
      </div>
      <RunDialog />
      <UpdateDialog />
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
        No workloads yet. Run an MCP server with Run… or <code>mcpdesk run</code>; it shows here as soon as it starts.
      </p>
    );
  if (names.length === 0) return <p className="view-state">No workload matches the filter.</p>;
  return <WorkloadTable names={names} />;
}
