#!/usr/bin/env bash
# many-datasets.sh - time and peak memory of gate lock and gate check per dataset, at several counts.
#
# usage: bench/many-datasets.sh [COUNT...]        (default: 10000 50000 100000)
# env:   GATE_BENCH_WORK  where the repositories go (default: ${TMPDIR:-/tmp}/gate-bench-many); reused when present
#
# Needs only a clone, the .NET SDK and GNU time (/usr/bin/time). Builds the gate CLI and the
# benchmark project (Release), generates a repository of COUNT tiny datasets (five records and a
# manifest each; half of them fail GATE001 by design, so check exits 1), then runs gate lock and
# gate check on it, then the same check as one shard and its merge (gate check --shard 1/1, then
# --merge), and prints, per count and run: seconds, peak resident memory, both per dataset, and the
# lock's bytes per dataset. Flat per-dataset columns mean linear growth.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${GATE_BENCH_WORK:-${TMPDIR:-/tmp}/gate-bench-many}
if (($# > 0)); then COUNTS=("$@"); else COUNTS=(10000 50000 100000); fi
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
[[ -x /usr/bin/time ]] || { echo "many-datasets.sh needs GNU time at /usr/bin/time" >&2; exit 2; }
mkdir -p "$WORK"

dotnet build "$ROOT/src/Gate.Cli/Gate.Cli.csproj" -c Release -nr:false -v q -nologo >&2
dotnet build "$ROOT/bench/Gate.Benchmarks/Gate.Benchmarks.csproj" -c Release -nr:false -v q -nologo >&2
DOTNET=$(command -v dotnet)
GATE="$DOTNET $ROOT/src/Gate.Cli/bin/Release/net10.0/gate.dll"
BENCH="$DOTNET $ROOT/bench/Gate.Benchmarks/bin/Release/net10.0/Gate.Benchmarks.dll"

measure() { # command... -> "seconds kilobytes" (check exits 1 here by design: its status is not the point)
  local out=$WORK/time.out
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out"
}

printf '%9s  %-6s %9s %11s %10s %12s %12s\n' datasets run seconds "ms/dataset" "peak MB" "KB/dataset" "lock B/ds"
for n in "${COUNTS[@]}"; do
  repo=$WORK/r$n
  if [[ ! -f $repo/gate.yaml ]]; then
    echo "generating $repo" >&2
    $BENCH --many-datasets "$repo" "$n"
  fi
  # Read every file once, untimed: the first run would otherwise pay for a cold page cache alone.
  find "$repo" -type f -print0 | xargs -0 cat >/dev/null
  for run in lock check shard merge; do
    case $run in
      shard) args=(check "$repo" --shard 1/1 --output "$WORK/part-$n.json") ;;
      merge) args=(check "$repo" --merge "$WORK/part-$n.json") ;;
      *) args=("$run" "$repo") ;;
    esac
    # shellcheck disable=SC2086 # GATE is "dotnet path/gate.dll"
    read -r seconds kb < <(measure $GATE "${args[@]}")
    lockb=$(stat -c %s "$repo/gate.lock.json")
    awk -v n="$n" -v r="$run" -v s="$seconds" -v k="$kb" -v l="$lockb" 'BEGIN {
      printf "%9d  %-6s %9.2f %11.3f %10.0f %12.2f %12.0f\n", n, r, s, 1000*s/n, k/1024, k/n, l/n }'
  done
done
