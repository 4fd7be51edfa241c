import { useDeskStore } from '../store/DeskProvider';

/** The one-line notice of something that happened outside any control (a link that could not be followed). */
export function NoticeBar() {
  const notice = useDeskStore((s) => s.notice);
  const dismiss = useDeskStore((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div role="alert" className="notice-bar">
      <span>{notice}</span>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
