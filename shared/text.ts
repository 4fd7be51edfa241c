/**
 * Quotes user input for an error message: control characters escaped, cut to `max` characters, so a
 * message stays one short line even for a 1 MB input or one full of newlines.
 */
export function shorten(text: string, max = 60): string {
  const oneLine = JSON.stringify(text).slice(1, -1);
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}…`;
}
