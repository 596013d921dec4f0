namespace Gate.Core.Diagnostics;

/// <summary>
/// The kinds of "could not evaluate" (GATE1xx). Each is always an error and makes every command exit 2.
/// </summary>
public sealed record InputErrorKind(string Code, string Name, string Summary, string Resolution)
{
    public static readonly InputErrorKind MalformedInput = new("GATE100", "malformed-input",
        "A YAML or JSON file cannot be parsed: a syntax error, invalid UTF-8, a YAML anchor or alias, a custom tag, or nesting or size beyond Gate's limits.",
        "Fix the file at the line and column shown. Gate reads plain YAML 1.2 without anchors, aliases or custom tags.");

    public static readonly InputErrorKind UnknownKey = new("GATE101", "unknown-key",
        "A key that the file format does not define (often a typo).",
        "Remove the key or correct its spelling; the message suggests the closest known key.");

    public static readonly InputErrorKind InvalidValue = new("GATE102", "invalid-value",
        "A value has the wrong type or is not one of the allowed values, or two fields contradict each other.",
        "Correct the value as the message says; the README's policy and manifest reference lists every field.");

    public static readonly InputErrorKind MissingField = new("GATE103", "missing-field",
        "A required field is absent.",
        "Add the field named in the message.");

    public static readonly InputErrorKind DuplicateKey = new("GATE104", "duplicate-key",
        "A key appears twice in one mapping; YAML parsers disagree on which one wins, so Gate refuses both.",
        "Keep one of the two entries.");

    public static readonly InputErrorKind InvalidDate = new("GATE105", "invalid-date",
        "A date is not a calendar date in the form YYYY-MM-DD.",
        "Write the date as YYYY-MM-DD, for example 2026-12-31.");

    public static readonly InputErrorKind PathOutsideRepository = new("GATE106", "path-outside-repository",
        "A path is absolute, climbs out of the checked folder with '..', or is a link that leads outside it.",
        "Use a path relative to the file that names it, inside the checked folder.");

    public static readonly InputErrorKind FileNotReadable = new("GATE107", "file-not-readable",
        "A file that Gate needs does not exist, cannot be read (or, for a report, written), or is not a regular file (a named pipe, a socket or a device, which Gate never opens: reading one could block forever).",
        "Create the file, correct the path, fix its permissions, or replace the pipe, socket or device with a regular file.");

    public static readonly InputErrorKind LineageCycle = new("GATE108", "lineage-cycle",
        "The model registry's weight edges (base) form a cycle, so no model on it can be resolved to a root.",
        "Break the cycle: one of the models named must be a root or have another base.");

    public static readonly InputErrorKind ConflictingDeclaration = new("GATE109", "conflicting-declaration",
        "Two declarations claim the same thing: a model id or alias declared twice, or a dataset named by two manifests.",
        "Keep one declaration.");

    public static readonly InputErrorKind InvalidArgument = new("GATE110", "invalid-argument",
        "The command line cannot be used: an unknown option, a missing argument or an unusable value.",
        "Run the command with --help to see its usage.");

    public static readonly InputErrorKind CorruptData = new("GATE111", "corrupt-data",
        "A data file cannot be read as its format: a truncated or corrupt record, an unterminated string or quoted cell, invalid UTF-8 in JSON, corrupt compression, or a malformed Git LFS pointer. Gate leaves gate.lock.json untouched.",
        "Fix or regenerate the file at the line shown; check that the file extension matches its format and that a Git LFS file was fetched or is a valid pointer.");

    public static readonly InputErrorKind InvalidLock = new("GATE112", "invalid-lock",
        "gate.lock.json cannot be used: it is not valid JSON, or its schema or fingerprint version is not one this Gate reads.",
        "Re-run 'gate lock' with this version of Gate and commit the new lock after review; resolve merge conflicts in the lock by re-running 'gate lock', never by hand.");

    public static readonly InputErrorKind UnsupportedFormat = new("GATE113", "unsupported-format",
        "A file that a dataset covers (selected by gate.yaml's 'datasets', named by a manifest, inside a folder dataset, or given to 'gate fingerprint') is not in a format Gate reads, so its records would go unchecked: every file under a dataset is read, refused, or excluded by a rule the policy states.",
        "Convert the file to a format Gate reads (.jsonl .json .csv .tsv .txt .parquet, optionally .gz or .zst), remove it, or, if it is not training data, exclude it in gate.yaml's 'datasets: exclude'.");

    public static readonly InputErrorKind UnsafeName = new("GATE114", "unsafe-name",
        "A file or folder name below the checked folder holds a character Gate refuses: a control character (a line feed, an escape), a bidirectional override, a line separator, a backslash, or U+FFFD (a name that is not valid UTF-8). Such a name can forge a line in a log or look like another file.",
        "Rename the file or folder using printable characters.");

    public static readonly InputErrorKind HubUnavailable = new("GATE115", "hub-unavailable",
        "'gate lock' needed the Hugging Face Hub to resolve a model's lineage and could not get an answer it can trust: the Hub refused the request (401/403 for a gated or private model), kept failing (timeouts, 5xx, 429 beyond the wait Gate accepts), answered in a shape Gate does not read, or HF_HUB_OFFLINE is set. The previous lock is left as it was.",
        "For a gated or private model, set HF_TOKEN to a token that may read it; otherwise retry later, check HF_ENDPOINT or 'hub: endpoint' in gate.yaml, or declare the model in gate.yaml's 'models:' so the Hub is not needed.");

    public static readonly InputErrorKind InvalidPart = new("GATE116", "invalid-part",
        "'gate lock --merge' or 'gate check --merge' was given parts it cannot put together into what one run would have scanned: a file that is not a part Gate wrote, a part written by another version of Gate, for another commit's datasets, references or policy, for the other command, or for another number of shards, a shard missing or given twice, or a part whose files are not its share. Nothing is written.",
        "Run every shard of one matrix on the same commit with the same Gate ('gate lock --shard K/N --output FILE', or 'gate check' with the same options, for each K), then merge all N parts of that run together with the same command.");

    public static readonly InputErrorKind GateNotImported = new("GATE120", "gate-not-imported",
        "A data repository's build guard found that Gate's MSBuild targets were not imported, so the gate could not run (a package missing from the cache, a build with --no-restore).",
        "Restore the Gate.MSBuild package (dotnet restore) and build again; never treat such a build as a pass.");

    public static readonly InputErrorKind MSBuildTooOld = new("GATE121", "msbuild-too-old",
        "The MSBuild running the build is older than 18 and cannot load Gate's net10.0 task.",
        "Use the .NET 10 SDK or Visual Studio 2026, or set GateEnabled=false and run 'gate check' instead.");

    public static readonly InputErrorKind TaskMissing = new("GATE122", "task-missing",
        "The Gate.MSBuild task assembly is missing from the package folder.",
        "Run 'dotnet restore --force' to restore the package again.");

    public static readonly InputErrorKind InternalError = new("GATE199", "internal-error",
        "Gate failed unexpectedly. It fails closed: the run counts as not evaluated, never as a pass.",
        "Re-run; if it persists, report it with the command and the message.");

    public static IReadOnlyList<InputErrorKind> All { get; } =
    [
        MalformedInput, UnknownKey, InvalidValue, MissingField, DuplicateKey, InvalidDate,
        PathOutsideRepository, FileNotReadable, LineageCycle, ConflictingDeclaration, InvalidArgument,
        CorruptData, InvalidLock, UnsupportedFormat, UnsafeName, HubUnavailable, InvalidPart, GateNotImported, MSBuildTooOld, TaskMissing, InternalError,
    ];
}
