import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDetailsSlice, type DetailsSlice } from './slices/details';
import { createEngineSlice, type EngineSlice } from './slices/engine';
import { createFilterSlice, type FilterSlice } from './slices/filter';
import { createLogsSlice, type LogsSlice } from './slices/logs';
import { createNoticeSlice, type NoticeSlice } from './slices/notice';
import { createRunDialogSlice, type RunDialogSlice } from './slices/run-dialog';
import { createSelectionSlice, type SelectionSlice } from './slices/selection';
import { createSettingsSlice, type SettingsSlice } from './slices/settings';
import { createUpdateDialogSlice, type UpdateDialogSlice } from './slices/update-dialog';
import { createWorkloadsSlice, type WorkloadsSlice } from './slices/workloads';

/** Everything the renderer keeps: the union of the slices. */
export type DeskState = WorkloadsSlice &
  EngineSlice &
  SelectionSlice &
  FilterSlice &
  RunDialogSlice &
  UpdateDialogSlice &
  DetailsSlice &
  NoticeSlice &
  SettingsSlice &
  LogsSlice;

/** The vanilla store; the bridge writes to it outside React, components read it through useDeskStore. */
export type DeskStore = StoreApi<DeskState>;

/**
 * Builds one store from the slices. A factory rather than a module singleton, so that each test
 * (and each window) gets its own store. Middleware, if any is ever added, wraps this root only.
 */
export function createDeskStore(initial?: Partial<Pick<DeskState, 'filterText'>>): DeskStore {
  return createStore<DeskState>()((...a) => ({
    ...createWorkloadsSlice(...a),
    ...createEngineSlice(...a),
    ...createSelectionSlice(...a),
    ...createFilterSlice(...a),
    ...createRunDialogSlice(...a),
    ...createUpdateDialogSlice(...a),
    ...createDetailsSlice(...a),
    ...createNoticeSlice(...a),
    ...createSettingsSlice(...a),
    ...createLogsSlice(...a),
    ...initial,
  }));
}
