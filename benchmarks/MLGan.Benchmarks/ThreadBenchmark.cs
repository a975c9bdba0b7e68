using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;

namespace MLGan.Benchmarks;

/// <summary>
/// The default thread count on an idle and on a loaded machine: ms per step of MLGan with 1 thread, with every core and
/// with the default (NumberOfThreads unset), for networks of growing work per step; "loaded" runs a busy loop in another
/// process on one core, as any other job on the machine would.
/// </summary>
internal static class ThreadBenchmark
{
    private sealed class Point
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class Digit
    {
        [VectorType(1, 28, 28)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public static int Run(BenchmarkArguments args)
    {
        int steps = args.Int("steps", 300);
        var ml = new MLContext(seed: 1);
        var ring = ml.Data.LoadFromEnumerable(GaussianMixture.Ring().Sample(10_000, seed: 1).Select(p => new Point { Features = p }));
        var random = new Random(1);
        // Pixel values do not change the work per step; blank-bordered noise stands in for digits.
        var digits = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 2_000).Select(_ => new Digit
        {
            Features = Enumerable.Range(0, 784).Select(i => i % 28 is < 4 or > 23 ? 0f : (float)random.NextDouble()).ToArray(),
        }));
        var cases = new (string Name, IDataView Data, int Steps, Func<GanOptions> Options)[]
        {
            ("MLGan defaults, ring (2-D)", ring, steps, () => new GanOptions { Monitor = null }),
            ("PacGAN paper networks, ring", ring, steps, () => SpeedNetworks.Paper.Options(steps, threads: 1)),
            ("DCGAN width 32, batch 64 (the MNIST example's), 28x28 images", digits, Math.Max(10, steps / 3),
                () => new GanOptions { Monitor = null, Schedule = { BatchSize = 64 }, Networks = { Convolutional = { GeneratorWidth = 32, DiscriminatorWidth = 32 } } }),
            ("DCGAN defaults, 28x28 images", digits, Math.Max(10, steps / 10), () => new GanOptions { Monitor = null }),
        };
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"# Thread count: ms per step after the first of 5 reports ({string.Join(", ", cases.Select(c => c.Steps))} steps per run), {cores} cores");
        Console.WriteLine();
        Console.WriteLine($"| networks | the default (from the training log) | machine | 1 thread | {cores} threads | default |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, data, caseSteps, create) in cases)
        {
            foreach (bool loaded in new[] { false, true })
            {
                using var load = loaded ? BusyLoop.Start() : null;
                string choice = "";
                var timings = new[] { (int?)1, cores, null }.Select(threads =>
                {
                    var options = create();
                    options.Schedule.MaxSteps = caseSteps;
                    options.Schedule.Epochs = int.MaxValue / 4;
                    options.Run.Seed = 1;
                    options.Run.ReportInterval = Math.Max(1, caseSteps / 5);
                    options.Run.NumberOfThreads = threads;
                    var (seconds, log) = EstimatorTiming.Measure(data, options);
                    if (threads is null)
                        choice = log;
                    return seconds * 1000;
                }).ToArray();
                Console.WriteLine($"| {name} | {choice} | {(loaded ? "loaded" : "idle")} | {timings[0]:0.00} | {timings[1]:0.00} | {timings[2]:0.00} |");
            }
        }
        return 0;
    }

    /// <summary>Another process spinning on one core until disposed.</summary>
    private sealed class BusyLoop : IDisposable
    {
        private readonly Process _process;

        private BusyLoop(Process process) => _process = process;

        public static BusyLoop Start() => new(Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!);

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
