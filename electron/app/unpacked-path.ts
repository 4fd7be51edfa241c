// Files the app runs as separate Node processes (the proxy) are unpacked beside app.asar by the
// package (electron-builder's asarUnpack), so that a plain Node process can read them without
// Electron's asar support. A path computed from __dirname points into app.asar; this turns it
// into the unpacked copy's path.
import path from 'node:path';

/**
 * `file` with its `app.asar` folder replaced by `app.asar.unpacked`, when it lies inside an asar
 * archive; otherwise `file` as it is (running from the repository's dist/).
 */
export function unpackedPath(file: string): string {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('app.asar');
  if (at === -1) return file;
  parts[at] = 'app.asar.unpacked';
  return parts.join(path.sep);
}
