#!/usr/bin/env bash
# scan-throughput.sh - Gate's fingerprint beside reference tools on the same files, in one sitting.
#
# usage: bench/scan-throughput.sh
# env:   GATE_BENCH_WORK   where the data goes (default: ${TMPDIR:-/tmp}/gate-bench); reused when present
#        GATE_BENCH_BYTES  size of each generated file (default: 1 GiB)
#        GATE_BENCH_REPS   runs of each command, alternated; the median is reported (default: 3)
#
# Needs only a clone and the .NET SDK: it builds the gate CLI and the benchmark project (Release),
# generates numbers.jsonl and chat.jsonl (deterministic; bench/Gate.Benchmarks --generate), their
# .gz and .zst, and times, per file, in turns:
#   openssl    openssl dgst -sha256 (the SHA-256 anchor every fingerprint must compute anyway)
#   sha256sum  coreutils' SHA-256
#   wc         wc -l (reading the bytes once)
#   gate       gate fingerprint, all cores
#   gate_1t    gate fingerprint --threads 1
#   jq         jq -c . on the first 64 MiB (a JSON parser's pace; GB/s scaled to its bytes), when installed
# and for the compressed files: gzip -d / zstd -d to /dev/null, and gate fingerprint of them.
# A tool that is not installed is skipped, and says so. Prints wall and CPU seconds, GB/s, and each
# time as a ratio of openssl's; then "features alone": gate_1t's CPU minus openssl's, as GB/s per core.
# gate_startup (a one-line file) is the process's fixed cost, included in every gate figure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${GATE_BENCH_WORK:-${TMPDIR:-/tmp}/gate-bench}
BYTES=${GATE_BENCH_BYTES:-1073741824}
REPS=${GATE_BENCH_REPS:-3}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
mkdir -p "$WORK"

dotnet build "$ROOT/src/Gate.Cli/Gate.Cli.csproj" -c Release -nr:false -v q -nologo >&2
dotnet build "$ROOT/bench/Gate.Benchmarks/Gate.Benchmarks.csproj" -c Release -nr:false -v q -nologo >&2
DOTNET=$(command -v dotnet)
GATE="$DOTNET $ROOT/src/Gate.Cli/bin/Release/net10.0/gate.dll"
BENCH="$DOTNET $ROOT/bench/Gate.Benchmarks/bin/Release/net10.0/Gate.Benchmarks.dll"

for kind in numbers chat; do
  f=$WORK/$kind.jsonl
  if [[ ! -f $f || $(stat -c %s "$f") -lt $BYTES ]]; then
    echo "generating $f ($BYTES bytes)" >&2
    $BENCH --generate "$kind" "$f" "$BYTES"
  fi
  [[ -f $f.gz ]] || gzip -1 -c "$f" > "$f.gz"
  if command -v zstd >/dev/null; then [[ -f $f.zst ]] || zstd -q -3 -c "$f" > "$f.zst"; fi
  [[ -f $f.head ]] || { head -c 67108864 "$f" | sed '$d' > "$f.head"; }
done
printf '{"prompt":"1, 2, 3","completion":"4, 5"}\n' > "$WORK/one.jsonl"

# time_cmd NAME FILE COMMAND...: one run; appends "NAME FILE wall cpu" to $RESULTS.
RESULTS=$(mktemp)
TIMING=$(mktemp)
trap 'rm -f "$RESULTS" "$TIMING"' EXIT
time_cmd() {
  local name=$1 file=$2; shift 2
  /usr/bin/time -f '%e %U %S' -o "$TIMING" "$@" >/dev/null 2>&1 || echo "FAILED: $name on $file" >&2
  awk -v n="$name" -v f="$file" '{ printf "%s %s %s %s\n", n, f, $1, $2 + $3 }' "$TIMING" >> "$RESULTS"
}

have() { command -v "$1" >/dev/null; }
for kind in numbers chat; do
  f=$WORK/$kind.jsonl
  for ((rep = 0; rep < REPS; rep++)); do
    # shellcheck disable=SC2086
    [[ $kind == numbers ]] && time_cmd gate_startup one $GATE fingerprint "$WORK/one.jsonl"
    have openssl && time_cmd openssl "$kind" openssl dgst -sha256 "$f"
    have sha256sum && time_cmd sha256sum "$kind" sha256sum "$f"
    time_cmd wc "$kind" wc -l "$f"
    # shellcheck disable=SC2086
    time_cmd gate "$kind" $GATE fingerprint "$f"
    # shellcheck disable=SC2086
    time_cmd gate_1t "$kind" $GATE fingerprint --threads 1 "$f"
    have jq && time_cmd jq_64MiB "$kind" jq -c . "$f.head"
    time_cmd gzip_d "$kind.gz" gzip -d -c "$f.gz"
    # shellcheck disable=SC2086
    time_cmd gate "$kind.gz" $GATE fingerprint "$f.gz"
    if have zstd; then
      time_cmd zstd_d "$kind.zst" zstd -d -c "$f.zst"
      # shellcheck disable=SC2086
      time_cmd gate "$kind.zst" $GATE fingerprint "$f.zst"
    fi
  done
done
for tool in openssl sha256sum jq zstd; do have "$tool" || echo "($tool is not installed: skipped)"; done

# Medians, GB/s of the (inflated) file, and ratios to openssl on the same plain file.
echo
printf '%-10s %-12s %9s %9s %8s %10s %10s\n' tool file 'wall s' 'cpu s' 'GB/s' 'wall/ossl' 'cpu/ossl'
awk -v numbers_bytes="$(stat -c %s "$WORK/numbers.jsonl")" -v chat_bytes="$(stat -c %s "$WORK/chat.jsonl")" -v numbers_head="$(stat -c %s "$WORK/numbers.jsonl.head")" -v chat_head="$(stat -c %s "$WORK/chat.jsonl.head")" '
  BEGIN { headbytes["numbers"] = numbers_head; headbytes["chat"] = chat_head; size_of["numbers"] = numbers_bytes; size_of["chat"] = chat_bytes; size_of["one"] = 40 }
  { key = $1 " " $2; n[key]++; wall[key, n[key]] = $3; cpu[key, n[key]] = $4; order[key] = order[key] ? order[key] : ++count; keys[order[key]] = key }
  function median(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((m + 1) / 2)] }
  END {
    for (i = 1; i <= count; i++) { k = keys[i]; W[k] = median(wall, k, n[k]); C[k] = median(cpu, k, n[k]) }
    for (i = 1; i <= count; i++) {
      k = keys[i]; split(k, p, " "); base = p[2]; sub(/\..*/, "", base); o = "openssl " base
      size = (p[1] ~ /^jq/) ? headbytes[base] : size_of[base]
      printf "%-10s %-12s %9.2f %9.2f %8.2f %10s %10s\n", p[1], p[2], W[k], C[k], size / 1e9 / W[k],
        (o in W) ? sprintf("%.2f", W[k] / W[o]) : "-", (o in C) ? sprintf("%.2f", C[k] / C[o]) : "-"
    }
    print ""
    for (i = 1; i <= count; i++) { k = keys[i]; split(k, p, " ")
      if (p[1] == "gate_1t" && ("openssl " p[2]) in C) {
        extra = C[k] - C["openssl " p[2]]
        printf "features alone, %s: %.2f CPU s beyond SHA-256 (start-up included) = %.2f GB/s per core\n", p[2], extra, (extra > 0 ? size_of[p[2]] / 1e9 / extra : 0)
      } }
  }' "$RESULTS"
