/**
 * The workload name used when none is given: from an image, its last path part without tag or
 * digest (`ghcr.io/acme/fetch:1.2` → `fetch`); from a remote URL, its host with dots as dashes
 * (`https://mcp.example.com/mcp` → `mcp-example-com`). Characters a name may not hold become `-`.
 */
export function defaultWorkloadName(source: { image?: string | undefined; remoteUrl?: string | undefined }): string {
  let base = '';
  if (source.image) {
    const withoutDigest = source.image.split('@')[0] ?? '';
    const last = withoutDigest.split('/').pop() ?? '';
    base = last.split(':')[0] ?? '';
  } else if (source.remoteUrl) {
    try {
      base = new URL(source.remoteUrl).hostname.replace(/\./g, '-');
    } catch {
      base = '';
    }
  }
  const cleaned = base.replace(/[^a-zA-Z0-9._-]/g, '-').replace(/\.{2,}/g, '.').replace(/^[^a-zA-Z0-9]+/, '').slice(0, 100);
  if (cleaned.length === 0) return 'workload';
  // A container's name needs two characters at least.
  return cleaned.length === 1 ? `${cleaned}-server` : cleaned;
}
