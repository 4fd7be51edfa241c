import { shorten } from './text';

// The engine's reference grammar (distribution/reference), reduced to what a user types:
// [host[:port]/]path[:tag][@digest], path components lowercase.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

/** Why `image` is not an image reference the engine accepts, or undefined when it is. */
export function imageReferenceProblem(image: string): string | undefined {
  if (image.length === 0) return 'the image is empty';
  if (image.length > 255) return `invalid image "${shorten(image)}": longer than 255 characters`;
  if (!REFERENCE.test(image)) return `invalid image "${shorten(image)}": expected [registry/]name[:tag][@sha256:digest] with a lowercase name`;
  return undefined;
}

/** The longest remote URL taken, as the IPC contract bounds it. */
export const MAX_REMOTE_URL = 2048;

/**
 * Why `url` cannot be a remote MCP server's URL (http or https, with a host, no credentials, at
 * most MAX_REMOTE_URL characters), or undefined.
 */
export function remoteUrlProblem(url: string): string | undefined {
  if (url.length > MAX_REMOTE_URL) return `invalid remote URL "${shorten(url)}": longer than ${MAX_REMOTE_URL} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `invalid remote URL "${shorten(url)}": not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `invalid remote URL "${shorten(url)}": the scheme must be http or https`;
  if (parsed.hostname === '') return `invalid remote URL "${shorten(url)}": no host`;
  if (parsed.username !== '' || parsed.password !== '') return `invalid remote URL "${shorten(url)}": credentials in the URL would be stored in plaintext; pass them as a --header`;
  return undefined;
}
