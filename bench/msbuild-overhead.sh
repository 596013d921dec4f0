#!/usr/bin/env bash
# The cost of Gate's MSBuild target on a no-op incremental build of an unchanged data repository.
#
# Packs Gate.MSBuild (unique version, private feed and package folder), makes a consumer of
# examples/cross-family, then times `dotnet build --no-restore -nr:false` alternately with the gate
# on (GateCheck skipped as up to date) and off (GateEnabled=false), in one run, and prints the
# medians and their difference, plus the target's own time from MSBuild's performance summary.
# The machine is shared and noisy: compare the two columns of one run, not runs with each other.
#
# usage: bench/msbuild-overhead.sh [RUNS]        (default 15 pairs; target: overhead < 150 ms)
set -euo pipefail

runs="${1:-15}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/gate-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
version="0.0.0-bench.$(date -u +%Y%m%d%H%M%S).$$"

# A child build must not inherit an outer MSBuild's settings; never reuse nodes (stale task DLLs).
for v in $(env | grep -o '^MSBUILD[^=]*' || true); do unset "$v"; done
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_UI_LANGUAGE=en
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export NUGET_PACKAGES="$work/packages"

echo "packing Gate.MSBuild $version ..." >&2
dotnet pack "$repo/src/Gate.MSBuild/Gate.MSBuild.csproj" -nr:false -c Release --artifacts-path "$work/artifacts" \
  -o "$work/feed" -p:Version="$version" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }

notargets="$cache/microsoft.build.notargets/3.7.0/microsoft.build.notargets.3.7.0.nupkg"
extra=""
if [ -f "$notargets" ]; then cp "$notargets" "$work/feed/"; else extra='<add key="nuget.org" value="https://api.nuget.org/v3/index.json" />'; fi

consumer="$work/cross-family"
mkdir -p "$consumer"
(cd "$repo/examples/cross-family" && tar --exclude=./bin --exclude=./obj --exclude=./data.proj -cf - .) | tar -xf - -C "$consumer"
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' >"$work/$f"; done
cat >"$consumer/nuget.config" <<XML
<configuration><packageSources><clear /><add key="feed" value="$work/feed" />$extra</packageSources></configuration>
XML
cat >"$consumer/data.proj" <<XML
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="Gate.MSBuild" Version="$version" PrivateAssets="all" /></ItemGroup>
</Project>
XML

build() { (cd "$consumer" && dotnet build --no-restore -nr:false -tl:off -v:q "$@" >"$work/last.log" 2>&1) || { cat "$work/last.log"; exit 1; }; }
now_ms() { date +%s%3N; }

(cd "$consumer" && dotnet restore -nr:false >"$work/restore.log" 2>&1) || { cat "$work/restore.log"; exit 1; }
build; build -p:GateEnabled=false; build   # warm-up; the first gated build runs the check and writes the stamp

on=(); off=()
for ((i = 0; i < runs; i++)); do
  # Alternate which goes first, so neither side always runs on a warmer cache.
  if ((i % 2 == 0)); then
    t0=$(now_ms); build; t1=$(now_ms); build -p:GateEnabled=false; t2=$(now_ms)
    on+=($((t1 - t0))); off+=($((t2 - t1)))
  else
    t0=$(now_ms); build -p:GateEnabled=false; t1=$(now_ms); build; t2=$(now_ms)
    off+=($((t1 - t0))); on+=($((t2 - t1)))
  fi
done

# The target's own share, from MSBuild's performance summary of one more no-op build.
(cd "$consumer" && dotnet build --no-restore -nr:false -tl:off -clp:PerformanceSummary >"$work/perf.log" 2>&1)
targets=$(grep -E '^\s+[0-9]+ ms\s+_?Gate' "$work/perf.log" | sed -E 's/^\s+//' | sort -u || true)

python3 - "${on[*]}" "${off[*]}" "$targets" <<'PY'
import statistics, sys
on = [int(x) for x in sys.argv[1].split()]
off = [int(x) for x in sys.argv[2].split()]
mon, moff = statistics.median(on), statistics.median(off)
pairs = statistics.median([a - b for a, b in zip(on, off)])
print(f"no-op 'dotnet build' of examples/cross-family, {len(on)} interleaved pairs")
print(f"  gate on  (GateCheck up to date): median {mon:.0f} ms   (min {min(on)}, max {max(on)})")
print(f"  gate off (GateEnabled=false)   : median {moff:.0f} ms   (min {min(off)}, max {max(off)})")
print(f"  overhead: {mon - moff:+.0f} ms (difference of medians), {pairs:+.0f} ms (median of paired differences); target < 150 ms")
print("  Gate targets in MSBuild's performance summary (one no-op build):")
for line in sys.argv[3].splitlines() or ["(none)"]:
    print("    " + line)
PY
