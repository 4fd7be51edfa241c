import { useEffect, useRef } from 'react';
import { filterFromHash, hashWithFilter } from '../filter/filter-hash';
import { useDeskStore } from '../store/DeskProvider';

/**
 * Keeps the store's filter text and the URL hash (`#filter=...`) in step, so that the filter
 * survives a reload: the hash wins on mount and on hashchange (a hand-edited URL), the store wins
 * on typing. replaceState, because a history entry per keystroke would make Back useless.
 */
export function useFilterHashSync(): void {
  const filterText = useDeskStore((s) => s.filterText);
  const setFilterText = useDeskStore((s) => s.setFilterText);
  // Writes only when the text changes: on mount the hash is the truth, and writing the text from
  // before the hash was read would wipe it.
  const lastText = useRef(filterText);

  useEffect(() => {
    const fromHash = () => setFilterText(filterFromHash(window.location.hash));
    if (window.location.hash !== '') fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [setFilterText]);

  useEffect(() => {
    if (lastText.current === filterText) return;
    lastText.current = filterText;
    const { hash, pathname, search } = window.location;
    if (filterFromHash(hash) === filterText) return;
    window.history.replaceState(window.history.state, '', `${pathname}${search}${hashWithFilter(hash, filterText)}`);
  }, [filterText]);
}
