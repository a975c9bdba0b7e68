using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// Training-step time of <see cref="GanEstimator"/> against <see cref="RawTorchSharpGan"/>, interleaved in one
/// process, and resident memory over a long estimator run.
/// </summary>
internal static class PerformanceBenchmark
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public static int Run(BenchmarkArguments args)
    {
        int steps = args.Int("steps", 3000), rounds = args.Int("rounds", 3), memorySteps = args.Int("memory-steps", 20000), threads = args.Int("threads", 1);
        int warmup = Math.Min(500, steps / 5);
        set_num_threads(threads);
        var points = GaussianMixture.Ring().Sample(10_000, seed: 1);
        var flat = points.SelectMany(p => p).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p }));

        Console.WriteLine($"# Training-step time: MLGan GanEstimator vs a hand-written TorchSharp loop");
        Console.WriteLine($"ring data 10,000 x 2; G 16-128-128-128-2 ReLU, D 2-128-128-128-1 LeakyReLU; batch 256; Adam; non-saturating loss; " +
                          $"{threads} libtorch thread(s); {steps} D+G steps per run ({warmup} warm-up steps not timed); {rounds} interleaved rounds");
        Console.WriteLine();
        Console.WriteLine("| round | raw TorchSharp ms/step | MLGan ms/step | ratio |");
        Console.WriteLine("|---|---|---|---|");
        var ratios = new List<double>();
        var raws = new List<double>();
        var ours = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            double raw = RawTorchSharpGan.SecondsPerStep(flat, points.Length, steps, warmup) * 1000;
            double mlgan = EstimatorSecondsPerStep(ml, data, steps, warmup, threads) * 1000;
            raws.Add(raw);
            ours.Add(mlgan);
            ratios.Add(mlgan / raw);
            Console.WriteLine($"| {round} | {raw:0.000} | {mlgan:0.000} | {mlgan / raw:0.000} |");
        }
        Console.WriteLine($"| median | {Median(raws):0.000} | {Median(ours):0.000} | {Median(ratios):0.000} |");
        Console.WriteLine();

        Console.WriteLine($"# Resident memory over one {memorySteps}-step GanEstimator run");
        Console.WriteLine();
        Console.WriteLine("| generator step | resident MiB | managed MiB |");
        Console.WriteLine("|---|---|---|");
        var samples = new List<(int Step, double Rss)>();
        var progress = new SyncProgress(p =>
        {
            var process = Process.GetCurrentProcess();
            double rss = process.WorkingSet64 / 1048576.0;
            samples.Add((p.Step, rss));
            Console.WriteLine($"| {p.Step} | {rss:0.0} | {GC.GetTotalMemory(false) / 1048576.0:0.0} |");
        });
        using (ml.Gan().Trainers.Gan(Options(memorySteps, threads, reportInterval: Math.Max(1, memorySteps / 10)), progress).Fit(data))
        {
        }
        double afterWarmup = samples[0].Rss, end = samples[^1].Rss;
        Console.WriteLine();
        Console.WriteLine($"Resident memory after the first report: {afterWarmup:0.0} MiB; at the end: {end:0.0} MiB; growth {end - afterWarmup:+0.0;-0.0} MiB.");
        return 0;
    }

    /// <summary>The plain GAN the raw loop implements, with MLGan's default collapse monitor.</summary>
    private static GanOptions Options(int steps, int threads, int reportInterval)
    {
        var options = Configurations.Baseline();
        options.Schedule.MaxSteps = steps;
        options.Schedule.Epochs = int.MaxValue / 4;
        options.Run.Seed = 1;
        options.Run.NumberOfThreads = threads;
        options.Run.ReportInterval = reportInterval;
        return options;
    }

    /// <summary>Seconds per step between the progress reports at <paramref name="warmup"/> and at the end.</summary>
    private static double EstimatorSecondsPerStep(MLContext ml, IDataView data, int steps, int warmup, int threads)
    {
        var reports = new List<GanProgress>();
        var options = Options(steps, threads, reportInterval: warmup);
        using (ml.Gan().Trainers.Gan(options, new SyncProgress(reports.Add)).Fit(data))
        {
        }
        var first = reports.First(r => r.Step == warmup);
        var last = reports[^1];
        return (last.ElapsedSeconds - first.ElapsedSeconds) / (last.Step - first.Step);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class SyncProgress(Action<GanProgress> report) : IProgress<GanProgress>
    {
        public void Report(GanProgress value) => report(value);
    }
}
