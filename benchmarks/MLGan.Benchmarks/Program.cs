// MLGan benchmarks. Run from the repository root:
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- perf [--nets small,paper,baseline] [--threads 1,2] [--rounds 3] [--steps N] [--memory-steps 20000] [--sides mlgan,raw,pytorch] [--reuse-native-memory true] (PyTorch peer: benchmarks/pytorch/install.sh)
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- threads [--steps 300]
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- scoring [--sizes 5000,10000,20000,50000] [--dims 2,16,64] [--threads 2]
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- detection [--seeds 5] [--steps 8000] [--configs minimax+strongD,hinge+fast+pac2]
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- monitor [--data blobs2,blobs16,blobs64,blobs256,mnist] [--lr 1e-3] [--steps 20000] [--rounds 3]
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- verdict [--draws 200] [--cases "ring;table"] [--verbose]
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- collapse [--data ring,grid,ring5d,grid10d,ring:0.15] [--configs gan,hinge+fast+pac4] [--seeds 5] [--first-seed 1] [--steps 20000] [--rows 100000] [--quick] [--verbose] [--out table.md]
using System.Globalization;
using MLGan.Benchmarks;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var options = BenchmarkArguments.Parse(args.Skip(1));
    return args.FirstOrDefault() switch
    {
        "perf" => PerformanceBenchmark.Run(options),
        "threads" => ThreadBenchmark.Run(options),
        "scoring" => ScoringScaleBenchmark.Run(options),
        "detection" => DetectionBenchmark.Run(options),
        "monitor" => MonitorCostBenchmark.Run(options),
        "collapse" => CollapseBenchmark.Run(options),
        "verdict" => VerdictCalibrationBenchmark.Run(options),
        _ => Usage(),
    };
}
catch (ArgumentException bad)
{
    Console.Error.WriteLine($"error: {bad.Message}");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: MLGan.Benchmarks perf|threads|scoring|detection|monitor|verdict|collapse [--option value ...] (see Program.cs)");
    return 2;
}
