// MLGan benchmarks. Run from the repository root:
//   dotnet run -c Release --project benchmarks/MLGan.Benchmarks -- perf [--steps 3000] [--rounds 3] [--memory-steps 20000] [--threads 1]
using System.Globalization;
using MLGan.Benchmarks;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchmarkArguments.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "perf" => PerformanceBenchmark.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MLGan.Benchmarks perf [--steps N] [--rounds N] [--memory-steps N] [--threads N]");
    return 2;
}
