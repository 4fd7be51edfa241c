import type { Labels } from '../../shared/labels';

/** The user's labels as `key=value` chips, in the syntax the filter bar accepts. */
export function LabelChips({ labels }: { labels: Labels }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return null;
  const all = entries.map(([key, value]) => `${key}=${value}`);
  return (
    <span className="label-chips" title={all.join('\n')}>
      {all.map((text) => (
        <span key={text} className="label-chip">
          {text}
        </span>
      ))}
    </span>
  );
}
