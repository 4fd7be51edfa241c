// Stands in for the ssh2 package in our bundles. docker-modem loads ssh2 eagerly for ssh://
// engine URLs, which MCP Desk does not support (engines are found on unix sockets or tcp://);
// the real package would cost every proxy process memory and needs a native addon.
class Client {
  constructor() {
    throw new Error('ssh:// container engine URLs are not supported; use a unix socket or tcp://');
  }
}
module.exports = { Client };
