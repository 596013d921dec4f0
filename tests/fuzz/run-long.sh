#!/usr/bin/env bash
# A long fuzz run of Gate's YAML loading and dataset readers (the suite runs a bounded one on every build).
#   tests/fuzz/run-long.sh [ITERATIONS] [SEED]      default: 1,000,000 iterations from seed 1
# A failure prints the seed and the input; keep the input as a case under tests/corpus/bad-input.
set -euo pipefail
cd "$(dirname "$0")/../.."
export GATE_FUZZ_ITERATIONS=${1:-1000000} GATE_FUZZ_SEED=${2:-1}
dotnet test tests/Gate.Core.Tests -nr:false --filter "FullyQualifiedName~Fuzzing"   # YAML loading and dataset readers
