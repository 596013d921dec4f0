#!/usr/bin/env bash
# What action.yml's "Run Gate" step runs: build the action's GitHub host from the action's own
# checkout (no published package needed) and run it. Inputs arrive as INPUT_* variables through
# the step's env:, never interpolated into this script.
#
# The host sets the step outputs and writes the job summary on every path it reaches, including
# its own failures (verdict=error, exit 2). This script covers the paths the host never reaches or
# leaves without a verdict: the host does not build, or it stops (killed, crashed) before setting
# a verdict or with an exit code other than 0, 1 or 2. Those end alike: verdict=error, a short
# summary, exit 2 — never a pass.
set -uo pipefail
action_path=${GATE_ACTION_PATH:?GATE_ACTION_PATH is set by action.yml}
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-action-bin"

# The step starts in the checked-out repository, which the pull request controls. The dotnet
# launcher reads global.json from the current folder (and, since .NET 10, may take an SDK from the
# paths it lists), so a pull request could have the host built, and run, by an "SDK" of its own.
# Build and run from the action's own folder instead; the host finds the repository through
# GITHUB_WORKSPACE.
export GITHUB_WORKSPACE="${GITHUB_WORKSPACE:-$PWD}"
cd "$action_path" || { echo "::error title=Gate could not run::the action's folder is missing"; exit 2; }

not_evaluated() {
  local why=$1
  echo "::error title=Gate could not run::$why"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'verdict=error\nerrors=1\nwarnings=0\nreport=\nsarif=\n' >>"$GITHUB_OUTPUT"
  fi
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '## ⛔ Gate: could not evaluate\n\n- %s\n' "$why" >>"$GITHUB_STEP_SUMMARY"
  fi
  exit 2
}

# Build output goes to stderr so the step log stays readable; errors still show.
dotnet build "$action_path/src/Gate.GitHub/Gate.GitHub.csproj" -c Release -nr:false -v quiet -nologo -o "$bin" >&2 \
  || not_evaluated "the action's host did not build (dotnet build exited $?); the step log above has the build errors"

status=0
dotnet "$bin/gate-github.dll" || status=$?
case $status in
  0 | 1 | 2)
    # The step's GITHUB_OUTPUT file is its own: no verdict in it means the host stopped before one.
    if [ -z "${GITHUB_OUTPUT:-}" ] || grep -Eq '^verdict(=|<<)' "$GITHUB_OUTPUT"; then
      exit "$status"
    fi
    not_evaluated "the action's host exited $status without a verdict; the step log above says why" ;;
  *)
    not_evaluated "the action's host stopped with exit code $status before it finished (killed or crashed); the step log above says why" ;;
esac
