using BenchmarkDotNet.Running;
using Gate.Benchmarks;

// dotnet run -c Release -- [BenchmarkDotNet args]      kernel micro-benchmarks
// dotnet run -c Release -- --stages FILE                 in-memory stage timings on a file (no BenchmarkDotNet)
// dotnet run -c Release -- --generate numbers|chat OUT BYTES   the benchmark's data, deterministic
// dotnet run -c Release -- --parquet FILE                Parquet decoding and row assembly against the whole scan
// dotnet run -c Release -- --many-datasets DIR COUNT      a repository of COUNT tiny datasets with manifests
// dotnet run -c Release -- --minhash-error               MinHash Jaccard error against exact Jaccard
// dotnet run -c Release -- --calibrate                   divergence false-positive rate and power table
if (args.Length >= 2 && args[0] == "--stages")
{
    Stages.Only = args.Length > 2 ? args[2] : null;
    Stages.Run(args[1]);
    return;
}

if (args.Length >= 4 && args[0] == "--generate")
{
    BenchData.Write(args[1], args[2], long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Length >= 3 && args[0] == "--many-datasets")
{
    Gate.Benchmarks.ManyDatasets.Write(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Length >= 2 && args[0] == "--parquet")
{
    ParquetStages.Run(args[1]);
    return;
}

if (args.Length >= 1 && args[0] == "--minhash-error")
{
    MinHashError.Run();
    return;
}

if (args.Length >= 1 && args[0] == "--calibrate")
{
    Calibrate.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args);
