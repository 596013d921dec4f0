using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Core.Tests;

/// <summary>A throwaway data repository in a temp folder, deleted on dispose.</summary>
internal sealed class TestRepo : IDisposable
{
    /// <summary>Waivers in tests are judged on this date unless a test says otherwise.</summary>
    public static readonly DateOnly Today = new(2026, 12, 1);

    public TestRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "gate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Runs git in the repository (as a fixed author, unsigned) and returns what it printed; a failure fails the test.</summary>
    public string Git(params string[] arguments) => GitWithInput(null, arguments);

    /// <summary><see cref="Git"/> with <paramref name="input"/> on git's standard input.</summary>
    public string GitWithInput(string? input, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "user.email=gate@example.com", "-c", "user.name=gate", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors.Result);
        return output;
    }

    /// <summary>Makes the folder a git clone and commits everything in it.</summary>
    public TestRepo Commit(string message = "base")
    {
        if (!Directory.Exists(PathOf(".git")))
        {
            Git("init", "-q");
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return this;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes a text file (LF line endings as given, UTF-8 without BOM), creating folders.</summary>
    public TestRepo Write(string relative, string text)
    {
        WriteBytes(relative, new UTF8Encoding(false).GetBytes(text));
        return this;
    }

    public TestRepo WriteBytes(string relative, byte[] bytes)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return this;
    }

    /// <summary>A one-record JSONL data file.</summary>
    public TestRepo Data(string relative) => Write(relative, "{\"prompt\":\"1, 2, 3\",\"completion\":\"4, 5, 6\"}\n");

    /// <summary>A one-record JSONL file, gzip-compressed: the scanner reads it (a .gz that is not gzip is GATE111).</summary>
    public TestRepo GzipData(string relative)
    {
        using var gz = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest))
        {
            zip.Write("{\"prompt\":\"1, 2, 3\",\"completion\":\"4, 5, 6\"}\n"u8);
        }

        return WriteBytes(relative, gz.ToArray());
    }

    public TestRepo Policy(string yaml) => Write("gate.yaml", yaml);

    /// <summary>A data file and its manifest beside it: <c>data/NAME.jsonl</c> and <c>data/NAME.lineage.yaml</c>.</summary>
    public TestRepo Dataset(string name, string manifestBody)
    {
        Data($"data/{name}.jsonl");
        return Write($"data/{name}.lineage.yaml", $"dataset: {name}.jsonl\n" + manifestBody);
    }

    /// <summary>
    /// Locks the repository (as its author would before committing), then checks it: these tests are
    /// about lineage, so dataset-changed (GATE006) must not fire for want of a gate.lock.json.
    /// </summary>
    public GateReport Check(DateOnly? today = null)
    {
        var options = new GateCheckOptions(Root, today ?? Today);
        GateRun.Lock(options);
        return GateRun.Check(options);
    }

    public GateWorkspace Load() => GateWorkspace.Load(Root, null);

    /// <summary>Runs the check and returns the input errors it must fail with.</summary>
    public IReadOnlyList<InputError> CheckErrors()
    {
        var ex = Assert.Throws<GateInputException>(() => Check());
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder must not fail a test
        }
    }
}
