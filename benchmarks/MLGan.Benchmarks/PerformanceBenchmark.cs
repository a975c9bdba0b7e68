using System.Diagnostics;
using System.Globalization;
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
        // MLGan's defaults unless asked: the opt-in allocator setting is process-wide, so it reaches the TorchSharp loop too.
        bool reuseMemory = args.String("reuse-native-memory", "false") == "true";
        var points = GaussianMixture.Ring().Sample(10_000, seed: 1);
        var flat = points.SelectMany(p => p).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p }));
        string? noPyTorch = PyTorchPeer.Unavailable();
        // A short Fit first makes MLGan's process-wide libtorch settings (MKL's kernels on AMD CPUs with AVX-512), so the
        // TorchSharp loop runs with the same kernels whichever sides are timed.
        using (ml.Gan().Trainers.Gan(SpeedNetworks.Small.Options(steps: 2, threads: 1, reportInterval: 1, reuseMemory)).Fit(data))
        {
        }

        Console.WriteLine("# Training-step time: MLGan, a hand-written TorchSharp loop and PyTorch, side by side");
        Console.WriteLine();
        Console.WriteLine($"TorchSharp libtorch {__version__}; PyTorch {(noPyTorch is null ? PyTorchPeer.Version() + " (Debian, OpenBLAS)" : "skipped: " + noPyTorch)}. " +
                          "The same operations in the same order on every side (benchmarks/pytorch/gan_step.py); ring data 10,000 x 2; " +
                          $"non-saturating loss; {rounds} interleaved rounds per row; warm-up steps not timed; " +
                          $"GanOptions.Run.ReuseNativeMemory {(reuseMemory ? "on (for the TorchSharp loop too: process-wide)" : "off (MLGan's default)")}.");
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
                // PyTorch twice on CPUs with AVX-512: OpenBLAS's own choice of kernels and its AVX-512 ones (PyTorchPeer).
                bool avx512 = System.Runtime.Intrinsics.X86.Avx512F.IsSupported && sides.Contains("pytorch");
                Console.WriteLine("| round | MLGan ms/step | TorchSharp loop ms/step | PyTorch ms/step | PyTorch, OpenBLAS AVX-512 ms/step | MLGan / PyTorch | MLGan / PyTorch AVX-512 | MLGan / TorchSharp loop |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|");
                var times = new List<double[]>();
                for (int round = 1; round <= rounds; round++)
                {
                    set_num_threads(threads);
                    double mlgan = sides.Contains("mlgan") ? EstimatorTiming.Measure(data, net.Options(steps, threads, reuseNativeMemory: reuseMemory), fromStep: warmup).SecondsPerStep * 1000 : double.NaN;
                    set_num_threads(threads);
                    double raw = sides.Contains("raw") ? RawTorchSharpGan.SecondsPerStep(net, flat, points.Length, steps, warmup) * 1000 : double.NaN;
                    double pytorch = noPyTorch is null && sides.Contains("pytorch") ? PyTorchPeer.SecondsPerStep(net, threads, steps, warmup) * 1000 : double.NaN;
                    double pytorch512 = noPyTorch is null && avx512 ? PyTorchPeer.SecondsPerStep(net, threads, steps, warmup, PyTorchPeer.Avx512Core) * 1000 : double.NaN;
                    var row = new[] { mlgan, raw, pytorch, pytorch512, mlgan / pytorch, mlgan / pytorch512, mlgan / raw };
                    times.Add(row);
                    Console.WriteLine($"| {round} | {string.Join(" | ", row.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))} |");
                }
                // The ratios' medians are over the rounds' own ratios (side by side), not ratios of the median times.
                var medians = Enumerable.Range(0, 7).Select(i => Median(times.Select(t => t[i]).ToList()).ToString("0.000", CultureInfo.InvariantCulture)).ToArray();
                Console.WriteLine($"| median | {string.Join(" | ", medians[..4])} | **{string.Join("** | **", medians[4..])}** |");
            }
        }
        Console.WriteLine();
        if (memorySteps > 0)
            Memory(ml, data, memorySteps, threadCounts[0], reuseMemory);
        return 0;
    }

    private static void Memory(MLContext ml, IDataView data, int memorySteps, int threads, bool reuseNativeMemory)
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
        var options = SpeedNetworks.Baseline.Options(memorySteps, threads, reportInterval: Math.Max(1, memorySteps / 10), reuseNativeMemory);
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
