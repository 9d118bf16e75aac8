#!/usr/bin/env bash
# Timing of the GPU batch trainer on a real GPU (issue 13), prepared for an NVIDIA H200 reached
# through the device tool (not yet run: no GPU was lent when it was written). Headless Vulkan there
# needs the NVIDIA ICD (nvidia_icd.json, shipped with the driver) and the Vulkan loader
# (libvulkan.so.1); when the loader is missing, carry one in shared/vulkan/ (it is put on
# LD_LIBRARY_PATH). Prints the adapter, then runs the full Fig. 3c sweep (4 × SEEDS students,
# default 4,000): GPU-only and end-to-end (GPU + CPU float64 finish) times, JSON in $OUT.
#
#   OUT=/some/dir SEEDS=4000 bash scripts/gpuTiming.sh
set -uo pipefail
OUT="${OUT:-.tmp/gpu-timing}"
SEEDS="${SEEDS:-4000}"
mkdir -p "$OUT"
cd "$(dirname "$0")/.."

{
  echo "date: $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || echo "nvidia-smi: not available"
  echo "node: $(node --version)"
} | tee "$OUT/machine.txt"

# The NVIDIA Vulkan ICD: never SwiftShader here (device.ts falls back to it only when this is unset).
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json /usr/lib/x86_64-linux-gnu/nvidia/nvidia_icd.json; do
    if [ -f "$f" ]; then export VK_ICD_FILENAMES="$f"; break; fi
  done
fi
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  echo "no NVIDIA Vulkan ICD found; searched the icd.d folders:" | tee -a "$OUT/machine.txt"
  ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>&1 | tee -a "$OUT/machine.txt"
  find / -name 'nvidia_icd*.json' -not -path '/proc/*' 2>/dev/null | head | tee -a "$OUT/machine.txt"
  exit 3
fi
echo "VK_ICD_FILENAMES=$VK_ICD_FILENAMES" | tee -a "$OUT/machine.txt"
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  if [ -f shared/vulkan/libvulkan.so.1 ]; then export LD_LIBRARY_PATH="$PWD/shared/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; echo "loader: shared/vulkan" | tee -a "$OUT/machine.txt"
  else echo "WARNING: no libvulkan.so.1 on this machine and none carried in shared/vulkan/" | tee -a "$OUT/machine.txt"; fi
fi

# Adapter info first (a cheap check that Dawn sees the GPU), then the sweep.
node --import tsx --input-type=module -e "const { probeGpu, closeGpu } = await import('./native-workers/gpu/device.ts'); console.log(JSON.stringify(await probeGpu(), null, 1)); await closeGpu();" 2>&1 | tee "$OUT/adapter.json"
node --import tsx scripts/gpuTiming.ts --seeds "$SEEDS" --out "$OUT/gpu-timing.json" 2>&1 | tee "$OUT/gpu-timing.log"
