using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// The PacGAN/VEEGAN mode-collapse protocol on the ring (8 modes) and the grid (25 modes): 100,000 training
/// points, 2,500 generated samples scored against the true centres (high quality = within 3 std of the
/// nearest mode; a mode is captured with at least one high-quality sample; reverse KL of the histogram of
/// high-quality samples against uniform), mean ± std over seeds, beside the published rows.
/// </summary>
internal static class CollapseBenchmark
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public static int Run(BenchmarkArguments args)
    {
        int seeds = args.Int("seeds", 5), steps = args.Int("steps", 10_000), rows = args.Int("rows", 100_000);
        var configs = args.String("configs", "gan,minimax+strongD,ls+fast").Split(',');
        var datasets = args.String("data", "ring,grid").Split(',');
        set_num_threads(1);
        Console.WriteLine($"# Mode-collapse protocol: {rows:N0} training points, 2,500 samples, {seeds} seeds, {steps:N0} generator steps, 1 thread");
        foreach (var name in datasets)
        {
            var mixture = name switch { "ring" => GaussianMixture.Ring(), "grid" => GaussianMixture.Grid(), _ => throw new ArgumentException($"unknown data '{name}'") };
            var ml = new MLContext(1);
            var real = ml.Data.LoadFromEnumerable(mixture.Sample(rows, seed: 1).Select(p => new Row { Features = p }));
            using var truth = ml.Gan().Transforms.ScoreDiversity(mixture.ScoringOptions()).Fit(real);
            Console.WriteLine();
            Console.WriteLine($"## {name} ({mixture.Centers.Count} modes)");
            Console.WriteLine();
            Console.WriteLine("| configuration | modes | % high quality | reverse KL | G steps | s per run |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var config in configs)
            {
                var modes = new List<double>();
                var quality = new List<double>();
                var kl = new List<double>();
                var seconds = new List<double>();
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var options = new GanOptions { MaxSteps = steps, Epochs = int.MaxValue / 4, Seed = seed, NumberOfThreads = 1, ReportInterval = steps, CollapseMonitor = null };
                    Configurations.Apply(config, options);
                    var clock = Stopwatch.StartNew();
                    using var model = ml.Gan().Trainers.Gan(options).Fit(real);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                    var m = truth.Evaluate(ml.Gan().Generate(model, 2_500, seed: 1000 + seed));
                    modes.Add(m.ModesCaptured);
                    quality.Add(100 * m.HighQualityShare);
                    kl.Add(m.ReverseKL);
                    Console.Error.WriteLine($"{name} {config} seed {seed}: {m.ModesCaptured}/{m.TotalModes}, HQ {m.HighQualityShare:P1}, KL {m.ReverseKL:0.000} ({seconds[^1]:0} s)");
                }
                Console.WriteLine($"| {config}: {Configurations.Describe(config)} | {MeanStd(modes, "0.0")} | {MeanStd(quality, "0.0")} | {MeanStd(kl, "0.00")} | {steps:N0} | {seconds.Average():0} |");
            }
        }
        return 0;
    }

    private static string MeanStd(List<double> values, string format)
    {
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }
}
