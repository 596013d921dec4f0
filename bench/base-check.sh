#!/usr/bin/env bash
# base-check.sh - what 'gate check --base' costs when a change touches one dataset of many, or none.
#
# usage: bench/base-check.sh [DATASETS [MB_EACH [RUNS]]]     (default: 20 datasets of 100 MB, 3 runs)
# env:   GATE_BENCH_WORK  where the repository goes (default: ${TMPDIR:-/tmp}/gate-bench-base); reused when present
#
# Needs only a clone, the .NET SDK, git, awk and GNU time (/usr/bin/time). Builds the gate CLI
# (Release), generates a git repository of DATASETS JSON Lines datasets of MB_EACH megabytes (records
# of about 200 bytes, a manifest each, written by two teachers of other families than the student's,
# so the check passes and GATE007 compares every dataset's records with the other teacher's), locks
# and commits it, fills a record store with one check, then times in one sitting,
# alternating, RUNS times each (medians printed):
#   fingerprint   gate fingerprint of the one dataset the change rewrites
#   changed       gate check --base HEAD --cache STORE, that dataset rewritten and re-locked
#   full          gate check of the same checkout, every dataset scanned
#   unchanged     gate check --base HEAD --cache STORE with nothing changed
#   no-data       gate check of a repository with the same policy and no data
# and the ratios changed/fingerprint and unchanged/no-data.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${GATE_BENCH_WORK:-${TMPDIR:-/tmp}/gate-bench-base}
COUNT=${1:-20}
MB=${2:-100}
RUNS=${3:-3}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
[[ -x /usr/bin/time ]] || { echo "base-check.sh needs GNU time at /usr/bin/time" >&2; exit 2; }
command -v git >/dev/null || { echo "base-check.sh needs git" >&2; exit 2; }

dotnet build "$ROOT/src/Gate.Cli/Gate.Cli.csproj" -c Release -nr:false -v q -nologo >&2
GATE=("$(command -v dotnet)" "$ROOT/src/Gate.Cli/bin/Release/net10.0/gate.dll")
repo=$WORK/repo-$COUNT-$MB
empty=$WORK/no-data
store=$WORK/store-$COUNT-$MB
changed=$(printf 'data/d%02d.jsonl' $((COUNT / 2)))

policy() {
  cat <<'YAML'
version: 1
datasets:
  include: ["data/**"]
models:
  - id: meta-llama/Llama-3.1-8B
    root: true
    family: llama3.1
  - id: meta-llama/Llama-3.1-8B-Instruct
    base: meta-llama/Llama-3.1-8B
  - id: deepseek-ai/DeepSeek-V3-Base
    root: true
    family: deepseek-v3
  - id: deepseek-ai/DeepSeek-R1
    base: deepseek-ai/DeepSeek-V3-Base
  - id: Qwen/Qwen2.5-7B
    root: true
    family: qwen2.5
students:
  - id: acme/student
    base: Qwen/Qwen2.5-7B
YAML
}

# dataset FILE SEED: MB megabytes of records that differ by seed (each names it: some awks give seeds 0 and 1 one sequence)
dataset() {
  awk -v seed="$2" -v bytes=$((MB * 1000 * 1000)) 'BEGIN {
    srand(seed); n = 0
    while (n < bytes) {
      line = sprintf("{\"prompt\":\"Continue the sequence %d, %d, %d.\",\"completion\":\"%d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d\",\"id\":\"%d-%d\"}",
        int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000),
        int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), int(rand()*1000), seed, n)
      print line; n += length(line) + 1
    }
  }' >"$1"
}

if [[ ! -f $repo/gate.lock.json ]]; then
  echo "generating $repo ($COUNT x $MB MB)" >&2
  rm -rf "$repo" "$store"
  mkdir -p "$repo/data"
  policy >"$repo/gate.yaml"
  for ((i = 0; i < COUNT; i++)); do
    name=$(printf 'd%02d' "$i")
    dataset "$repo/data/$name.jsonl" "$i"
    teacher=meta-llama/Llama-3.1-8B-Instruct
    ((i % 2)) && teacher=deepseek-ai/DeepSeek-R1
    printf 'dataset: %s.jsonl\nteacher: %s\n' "$name" "$teacher" >"$repo/data/$name.lineage.yaml"
  done
  "${GATE[@]}" lock "$repo" >/dev/null
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.email=bench@example.com -c user.name=bench -c commit.gpgsign=false commit -q -m base
fi
mkdir -p "$empty"
policy >"$empty/gate.yaml"
"${GATE[@]}" lock "$empty" >/dev/null
git -C "$repo" checkout -q -- .
"${GATE[@]}" check "$repo" --base HEAD --cache "$store" >"$WORK/fill.txt" || { echo "the generated repository does not pass:" >&2; tail -n 5 "$WORK/fill.txt" >&2; exit 1; }

change() { dataset "$repo/$changed" 9999 && "${GATE[@]}" lock "$repo" >/dev/null; }
restore() { git -C "$repo" checkout -q -- .; }

seconds() { # command... -> seconds (wall)
  /usr/bin/time -f '%e' -o "$WORK/time.out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; cat "$WORK/time.out" >&2; exit 1; }
  tail -n 1 "$WORK/time.out"
}

declare -A times
for ((run = 1; run <= RUNS; run++)); do
  change
  times[fingerprint]+="$(seconds "${GATE[@]}" fingerprint "$repo/$changed") "
  times[changed]+="$(seconds "${GATE[@]}" check "$repo" --base HEAD --cache "$store") "
  times[full]+="$(seconds "${GATE[@]}" check "$repo") "
  restore
  times[unchanged]+="$(seconds "${GATE[@]}" check "$repo" --base HEAD --cache "$store") "
  times[no-data]+="$(seconds "${GATE[@]}" check "$empty") "
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%s datasets of %s MB, %s runs each, medians (seconds)\n' "$COUNT" "$MB" "$RUNS"
for what in fingerprint changed full unchanged no-data; do
  printf '  %-12s %8.2f   (%s)\n' "$what" "$(median "${times[$what]}")" "${times[$what]% }"
done
awk -v c="$(median "${times[changed]}")" -v f="$(median "${times[fingerprint]}")" -v u="$(median "${times[unchanged]}")" -v e="$(median "${times[no-data]}")" \
  'BEGIN { printf "  changed / fingerprint of that dataset: %.2fx\n  unchanged / check with no data:      %.2fx\n", c / f, u / e }'
