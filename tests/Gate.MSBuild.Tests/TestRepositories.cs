namespace Gate.MSBuild.Tests;

/// <summary>Paths in Gate's source tree, and small data repositories written for a test.</summary>
internal static class TestRepositories
{
    public static string RepositoryRoot => SourceTree.Root;

    public static string Example(string name) => SourceTree.Example(name);

    /// <summary>A fresh, empty folder under the system's temporary folder.</summary>
    public static string NewTempFolder(string prefix)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies an example's data (not its build output or data.proj) into <paramref name="destination"/>.</summary>
    public static void CopyExampleData(string name, string destination) =>
        SourceTree.Copy(SourceTree.Example(name), destination, except: relative => relative == "data.proj");

    /// <summary>
    /// A data repository whose only finding is GATE003 same-family (at <paramref name="severity"/>):
    /// teacher and student are in one family but have separate roots, so no shared initialization.
    /// </summary>
    public static void WriteSameFamilyRepository(string destination, string severity = "warning")
    {
        Directory.CreateDirectory(Path.Combine(destination, "data"));
        File.WriteAllText(Path.Combine(destination, "gate.yaml"), $"""
            version: 1
            datasets:
              include: ["data/**"]
            models:
              - id: acme/base-a
                root: true
                family: acme
              - id: acme/base-b
                root: true
                family: acme
              - id: acme/teacher
                base: acme/base-a
            students:
              - id: acme/student
                base: acme/base-b
            rules:
              same-family: {severity}
              dataset-changed: off      # no gate.lock.json: these tests are about warning settings, not the lock

            """.Replace("\r\n", "\n"));
        File.WriteAllText(Path.Combine(destination, "data", "numbers.lineage.yaml"), """
            dataset: numbers.jsonl
            teacher: acme/teacher
            students: [acme/student]

            """.Replace("\r\n", "\n"));
        File.WriteAllText(Path.Combine(destination, "data", "numbers.jsonl"),
            "{\"prompt\":\"Continue: 1, 2, 3\",\"completion\":\"4, 5, 6\"}\n");
    }
}
