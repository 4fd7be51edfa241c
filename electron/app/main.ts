// The Electron main process: the composition root. It stays short; the work is in electron/core.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createMainWindow } from './window';

// dist/app/main.cjs → dist/
const distDir = path.resolve(__dirname, '..');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(() => {
    mainWindow = createMainWindow(distDir);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
