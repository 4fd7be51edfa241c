#!/usr/bin/env node
// The mcpdesk command as npm links it: runs the bundled CLI, which `npm install` builds (prepare).
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli', 'mcpdesk.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('error: mcpdesk is not built: run npm install (or npm run build) in the repository\n');
  process.exit(1);
}
require(cli);
