#!/usr/bin/env bash
# Installs the PyTorch peer of the speed benchmark when missing: Debian's PyTorch (python3-torch) and OpenBLAS
# (libopenblas0-pthread, which Debian's PyTorch then uses for its matrix products). Needs root (or sudo) and apt.
set -euo pipefail
if /usr/bin/python3 -c "import torch" 2>/dev/null && dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') and OpenBLAS are installed."
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread
