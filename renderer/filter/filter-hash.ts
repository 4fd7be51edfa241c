/**
 * The filter text lives in the URL hash (`#filter=...`) so that it survives a reload. Other hash
 * parameters, should any appear, are kept.
 */

/** The filter text in `hash` (with or without its leading `#`); empty when there is none. */
export function filterFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('filter') ?? '';
}

/** `hash` with its filter set to `text` (removed when `text` is empty), with a leading `#` or empty. */
export function hashWithFilter(hash: string, text: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (text === '') params.delete('filter');
  else params.set('filter', text);
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}
