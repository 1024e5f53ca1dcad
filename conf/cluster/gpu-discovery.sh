#!/usr/bin/env bash
# Spark's GPU discovery script for SparkNAS executors: prints this host's GPUs the way Spark reads them,
#   {"name": "gpu", "addresses": ["0", "1"]}
# where each address is a CUDA device index as nvidia-smi numbers them. Spark runs it where executors
# start: a standalone Worker (spark.worker.resource.gpu.discoveryScript), a YARN container or a Kubernetes
# pod (spark.executor.resource.gpu.discoveryScript); see conf/cluster/spark-defaults-gpu.conf.
#
# SPARKNAS_GPU_ADDRESSES=2,3 announces those addresses instead of asking nvidia-smi, so several Workers on
# one host each get GPUs of their own (bin/cluster sets it per Worker from SPARKNAS_WORKER_GPUS).
set -euo pipefail

if [[ -n "${SPARKNAS_GPU_ADDRESSES:-}" ]]; then
  IFS=',' read -ra ids <<< "${SPARKNAS_GPU_ADDRESSES// /}"
else
  if ! command -v nvidia-smi >/dev/null; then
    echo "gpu-discovery.sh: nvidia-smi not found: install the NVIDIA driver, or set SPARKNAS_GPU_ADDRESSES" >&2
    exit 1
  fi
  mapfile -t ids < <(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ')
fi
quoted=()
for id in "${ids[@]}"; do
  [[ "$id" =~ ^[0-9]+$ ]] || { echo "gpu-discovery.sh: '$id' is not a GPU index" >&2; exit 1; }
  quoted+=("\"$id\"")
done
(IFS=','; echo "{\"name\": \"gpu\", \"addresses\": [${quoted[*]}]}")
