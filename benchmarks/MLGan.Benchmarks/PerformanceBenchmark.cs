using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// Training-step time of <see cref="GanEstimator"/>, <see cref="RawTorchSharpGan"/> and PyTorch (<see cref="PyTorchPeer"/>), interleaved in one
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
        int rounds = args.Int("rounds", 3), memorySteps = args.Int("memory-steps", 20000);
        var nets = args.String("nets", "small,paper,baseline").Split(',').Select(SpeedNetworks.Named).ToList();
        var threadCounts = args.String("threads", "1,2").Split(',').Select(int.Parse).ToList();
        // Which sides run (e.g. "mlgan" alone under a profiler); a side left out shows NaN.
        var sides = args.String("sides", "mlgan,raw,pytorch").Split(',').ToHashSet();
        var points = GaussianMixture.Ring().Sample(10_000, seed: 1);
        var flat = points.SelectMany(p => p).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p }));
        string? noPyTorch = PyTorchPeer.Unavailable();

        Console.WriteLine("# Training-step time: MLGan, a hand-written TorchSharp loop and PyTorch, side by side");
        Console.WriteLine();
        Console.WriteLine($"TorchSharp libtorch {__version__}; PyTorch {(noPyTorch is null ? PyTorchPeer.Version() + " (Debian, OpenBLAS)" : "skipped: " + noPyTorch)}. " +
                          "The same operations in the same order on every side (benchmarks/pytorch/gan_step.py); ring data 10,000 x 2; " +
                          $"non-saturating loss; {rounds} interleaved rounds per row; warm-up steps not timed.");
        foreach (var net in nets)
        {
            // Steps per timing: about 6 s per side. The warm-up ends at one of MLGan's reports (every 100 steps), where its clock is read.
            int steps = args.Int("steps", net == SpeedNetworks.Paper ? 600 : 1500), warmup = Math.Max(100, Math.Min(300, steps / 5) / 100 * 100);
            if (steps < warmup + 100)
                throw new ArgumentException($"--steps {steps} is too few: the timing needs a {warmup}-step warm-up and at least 100 timed steps (MLGan reports every 100)");
            foreach (int threads in threadCounts)
            {
                Console.WriteLine();
                Console.WriteLine($"## {net.Description}; {threads} thread(s); {steps - warmup} timed steps after {warmup} warm-up steps");
                Console.WriteLine();
                Console.WriteLine("| round | MLGan ms/step | TorchSharp loop ms/step | PyTorch ms/step | MLGan / PyTorch | MLGan / TorchSharp loop |");
                Console.WriteLine("|---|---|---|---|---|---|");
                var ours = new List<double>();
                var raws = new List<double>();
                var torches = new List<double>();
                for (int round = 1; round <= rounds; round++)
                {
                    set_num_threads(threads);
                    double mlgan = sides.Contains("mlgan") ? EstimatorTiming.Measure(data, net.Options(steps, threads), fromStep: warmup).SecondsPerStep * 1000 : double.NaN;
                    set_num_threads(threads);
                    double raw = sides.Contains("raw") ? RawTorchSharpGan.SecondsPerStep(net, flat, points.Length, steps, warmup) * 1000 : double.NaN;
                    double pytorch = noPyTorch is null && sides.Contains("pytorch") ? PyTorchPeer.SecondsPerStep(net, threads, steps, warmup) * 1000 : double.NaN;
                    ours.Add(mlgan);
                    raws.Add(raw);
                    torches.Add(pytorch);
                    Console.WriteLine($"| {round} | {mlgan:0.000} | {raw:0.000} | {pytorch:0.000} | {mlgan / pytorch:0.000} | {mlgan / raw:0.000} |");
                }
                var ratioTorch = ours.Zip(torches, (a, b) => a / b).ToList();
                var ratioRaw = ours.Zip(raws, (a, b) => a / b).ToList();
                // The ratios' medians are over the rounds' own ratios (side by side), not ratios of the median times.
                Console.WriteLine($"| median | {Median(ours):0.000} | {Median(raws):0.000} | {Median(torches):0.000} | **{Median(ratioTorch):0.000}** | **{Median(ratioRaw):0.000}** |");
            }
        }
        Console.WriteLine();
        if (memorySteps > 0)
            Memory(ml, data, memorySteps, threadCounts[0]);
        return 0;
    }

    private static void Memory(MLContext ml, IDataView data, int memorySteps, int threads)
    {
        Console.WriteLine($"# Resident memory over one {memorySteps}-step GanEstimator run (MLGan's default networks, plain GAN, default collapse monitor)");
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
        var options = SpeedNetworks.Baseline.Options(memorySteps, threads, reportInterval: Math.Max(1, memorySteps / 10));
        options.Monitor = new CollapseMonitorOptions();
        using (ml.Gan().Trainers.Gan(options, progress).Fit(data))
        {
        }
        double afterWarmup = samples[0].Rss, end = samples[^1].Rss;
        Console.WriteLine();
        Console.WriteLine($"Resident memory after the first report: {afterWarmup:0.0} MiB; at the end: {end:0.0} MiB; growth {end - afterWarmup:+0.0;-0.0} MiB.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
