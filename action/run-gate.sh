#!/usr/bin/env bash
# What action.yml's "Run Gate" step runs: build the action's GitHub host from the action's own
# checkout (no published package needed) and run it. Inputs arrive as INPUT_* variables through
# the step's env:, never interpolated into this script.
set -euo pipefail
action_path=${GATE_ACTION_PATH:?GATE_ACTION_PATH is set by action.yml}
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-action-bin"

# Build output goes to stderr so the step log stays readable; errors still show.
dotnet build "$action_path/src/Gate.GitHub/Gate.GitHub.csproj" -c Release -nr:false -v quiet -nologo -o "$bin" >&2
exec dotnet "$bin/gate-github.dll"
