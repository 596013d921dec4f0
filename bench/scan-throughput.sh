#!/usr/bin/env bash
# scan-throughput.sh - Gate's fingerprint scanner beside throughput anchors (reference tools), same run.
#
# usage: bench/scan-throughput.sh [run-anchors.sh options, e.g. --only 'digest|dotnet|minhash|extra' --reps 3]
# env:   GATE_ANCHORS  path to the anchors runner, run-anchors.sh, which times reference tools (sha256sum,
#                      openssl, xxhsum, wc, jq, simdjson, naive .NET) on numbers.jsonl and chat.jsonl under
#                      $PERF_WORK/data and accepts --extra NAME 'COMMAND {file}' to time more commands beside them
#
# Builds the gate CLI (Release) and passes two --extra commands to run-anchors.sh:
#   gate      : full fingerprint (SHA-256 + records + numeric histogram + token sketch + MinHash), all cores
#   gate_1t   : the same on one thread (SHA-256 and features in sequence)
# Each prints <file>.extra_<name> <median GB/s> ... beside the anchors (the targets are in docs/scanner.md).
# Then peak RSS at 1 GiB and 8 GiB (GATE_RSS=0 skips it) and compressed numbers.jsonl (.gz, .zst:
# GB/s of inflated bytes, one thread and all; GATE_COMPRESSED=0 skips it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ANCHORS=${GATE_ANCHORS:-}
[[ -n $ANCHORS && -x $ANCHORS ]] || { echo "set GATE_ANCHORS to the anchors runner (run-anchors.sh)" >&2; exit 2; }
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
dotnet build "$ROOT/src/Gate.Cli/Gate.Cli.csproj" -c Release -nr:false -v q -nologo >&2
GATE_DLL=$ROOT/src/Gate.Cli/bin/Release/net10.0/gate.dll
DOTNET=$(command -v dotnet)
"$ANCHORS" "$@" \
  --extra gate "$DOTNET $GATE_DLL fingerprint {file}" \
  --extra gate_1t "$DOTNET $GATE_DLL fingerprint --threads 1 {file}"

# Peak RSS (streaming: the same for 1 GiB and 8 GiB). The 8 GiB file is numbers.jsonl eight times.
if [[ ${GATE_RSS:-1} == 1 ]]; then
  DATA=${PERF_WORK:-${TMPDIR:-/tmp}/gate-anchors}/data
  BIG=$DATA/numbers.x8.jsonl
  [[ -f $BIG ]] || for _ in 1 2 3 4 5 6 7 8; do cat "$DATA/numbers.jsonl"; done > "$BIG"
  for f in "$DATA/numbers.jsonl" "$DATA/chat.jsonl" "$BIG"; do
    /usr/bin/time -f "$(basename "$f").gate_peak_rss_MiB %M KiB %e s" "$DOTNET" "$GATE_DLL" fingerprint "$f" 2>&1 >/dev/null \
      | awk '{ printf "%s %.1f (%.2f GB/s, %s s)\n", $1, $2/1024, '"$(stat -c %s "$f")"'/1e9/$4, $4 }'
  done
fi

# Compressed files: one thread inflates, workers scan the inflated chunks (docs/scanner.md).
if [[ ${GATE_COMPRESSED:-1} == 1 ]]; then
  DATA=${PERF_WORK:-${TMPDIR:-/tmp}/gate-anchors}/data
  PLAIN=$DATA/numbers.jsonl
  [[ -f $PLAIN.gz ]] || gzip -1 -c "$PLAIN" > "$PLAIN.gz"
  [[ -f $PLAIN.zst ]] || zstd -q -3 -c "$PLAIN" > "$PLAIN.zst"
  BYTES=$(stat -c %s "$PLAIN")
  for f in "$PLAIN.gz" "$PLAIN.zst"; do
    for threads in 1 all; do
      args=(); [[ $threads == 1 ]] && args=(--threads 1)
      times=()
      for _ in 1 2 3; do
        times+=("$( { /usr/bin/time -f %e "$DOTNET" "$GATE_DLL" fingerprint "${args[@]}" "$f" >/dev/null; } 2>&1 )")
      done
      median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
      awk -v n="$(basename "$f")" -v t="$threads" -v s="$median" -v b="$BYTES" 'BEGIN { printf "%s.gate_threads_%s %.2f GB/s inflated (median of 3: %s s)\n", n, t, b/1e9/s, s }'
    done
  done
fi
