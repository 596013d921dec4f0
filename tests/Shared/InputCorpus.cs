namespace Gate.Tests.Shared;

/// <summary>
/// The input corpus under <c>tests/corpus</c>: one folder per case, a data repository plus
/// <c>expect.txt</c> (<c>code:</c>, <c>message:</c>, <c>at:</c> for input that must be refused;
/// <c>exit:</c>, <c>contains:</c> for input that must work). Other hosts run the same corpus.
/// </summary>
internal static class InputCorpus
{
    public static string Folder => Path.Combine(SourceTree.Root, "tests", "corpus");

    public static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(Folder, kind)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    public static Dictionary<string, string> Expectations(string kind, string name) =>
        File.ReadAllLines(Path.Combine(Folder, kind, name, "expect.txt"))
            .Where(l => l.Contains(':'))
            .ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim());
}
