// Stands in for @grpc/grpc-js and @grpc/proto-loader in our bundles. dockerode loads them when it
// starts, but uses them only for BuildKit image builds, which MCP Desk never runs; the real
// packages cost every CLI start and every proxy process ~0.7 MB of code to compile and ~5 MB of
// memory. Any use throws.
const refuse = () => {
  throw new Error('BuildKit image builds are not part of MCP Desk');
};
module.exports = new Proxy({}, { get: (_target, key) => (key === '__esModule' ? false : refuse) });
