using System.Globalization;

namespace Gate.Benchmarks;

/// <summary>
/// A data repository of many tiny datasets (five records each, a manifest each, two teachers of
/// different families and one student), deterministic: what bench/many-datasets.sh locks and checks
/// at several sizes to show time and memory per dataset staying flat.
/// </summary>
internal static class ManyDatasets
{
    public static void Write(string root, int count)
    {
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "gate.yaml"), """
            version: 1
            datasets:
              include: ["data/**"]
            models:
              - id: base/a
                root: true
              - id: base/b
                root: true
              - id: t/one
                base: base/a
              - id: t/two
                base: base/b
            students:
              - id: s/student
                base: base/b

            """);
        for (int i = 0; i < count; i++)
        {
            string folder = Path.Combine(root, "data", $"d{i / 1000:000}");
            Directory.CreateDirectory(folder);
            var records = new System.Text.StringBuilder();
            for (int j = 0; j < 5; j++)
            {
                records.Append(CultureInfo.InvariantCulture, $"{{\"prompt\":\"p {i} {j}\",\"completion\":\"{(i * 7 + j) % 1000}, {(i * 13 + j) % 1000}\"}}\n");
            }

            File.WriteAllText(Path.Combine(folder, $"x{i}.jsonl"), records.ToString());
            File.WriteAllText(Path.Combine(folder, $"x{i}.lineage.yaml"), $"dataset: x{i}.jsonl\nteacher: {(i % 2 == 0 ? "t/one" : "t/two")}\n");
        }
    }
}
