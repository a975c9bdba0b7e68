using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// Does the training-time collapse monitor flag collapsed runs and leave healthy ones alone? On the ring and the
/// grid, a collapse-prone and a healthy configuration are trained over several seeds with the monitor on (its
/// default: k-means modes found on a 2,000-row sample of the training data, 1,000 generated rows per check). The
/// monitor's verdict at the last step is compared with the protocol's ground truth: 2,500 samples scored
/// against the true mode centres (high quality = within 3 std), collapsed when modes are missed or the
/// mode histogram is far from uniform (<see cref="ProtocolCollapsed"/>).
/// </summary>
internal static class DetectionBenchmark
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>Configuration names (see <see cref="Configurations"/>): a collapse-prone one and a healthy one.</summary>
    private static readonly string[] DefaultConfigs = { "minimax+strongD", "hinge+fast+pac2" };

    /// <summary>
    /// The protocol's own notion of collapse, independent of the monitor's other criteria: more than 10% of the true
    /// modes missed (any, for up to 10 modes), or a high-quality histogram whose reverse KL exceeds 10% of log(modes).
    /// </summary>
    private static bool ProtocolCollapsed(DiversityMetrics m)
        => m.TotalModes - m.ModesCaptured > Math.Floor(0.1 * m.TotalModes) || m.ReverseKL > 0.1 * Math.Log(m.TotalModes);

    public static int Run(BenchmarkArguments args)
    {
        int seeds = args.Int("seeds", 5), steps = args.Int("steps", 8000);
        var configs = args.String("configs", string.Join(",", DefaultConfigs)).Split(',');
        set_num_threads(1);
        Console.WriteLine($"# Collapse detection during training: {seeds} seeds x {steps} generator steps per run, 1 thread");
        Console.WriteLine();
        Console.WriteLine("| data | configuration | runs | truly collapsed (protocol) | flagged by the monitor at the end | false positives | false negatives | monitor share of training time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        int falsePositives = 0, falseNegatives = 0, healthyRuns = 0, collapsedRuns = 0;
        foreach (var (name, mixture) in new[] { ("ring", GaussianMixture.Ring()), ("grid", GaussianMixture.Grid()) })
        {
            var ml = new MLContext(1);
            var real = ml.Data.LoadFromEnumerable(mixture.Sample(10_000, seed: 1).Select(p => new Row { Features = p }));
            using var truth = ml.Gan().Transforms.ScoreDiversity(mixture.ScoringOptions()).Fit(real);
            foreach (var config in configs)
            {
                int collapsed = 0, flagged = 0, fp = 0, fn = 0;
                double monitorShare = 0;
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var options = new GanOptions { MaxSteps = steps, Epochs = int.MaxValue / 4, Seed = seed, NumberOfThreads = 1, ReportInterval = steps / 8 };
                    options.CollapseMonitor!.Interval = steps / 8;
                    Configurations.Apply(config, options);
                    var clock = Stopwatch.StartNew();
                    using var model = ml.Gan().Trainers.Gan(options).Fit(real);
                    double seconds = clock.Elapsed.TotalSeconds;
                    var final = model.TrainingHistory[^1].Diversity!;
                    var protocol = truth.Evaluate(ml.Gan().Generate(model, 2_500, seed: 1000 + seed));
                    bool isCollapsed = ProtocolCollapsed(protocol), isFlagged = final.IsCollapsed;
                    collapsed += isCollapsed ? 1 : 0;
                    flagged += isFlagged ? 1 : 0;
                    fp += !isCollapsed && isFlagged ? 1 : 0;
                    fn += isCollapsed && !isFlagged ? 1 : 0;
                    monitorShare += model.TrainingHistory[^1].MonitorSeconds / model.TrainingHistory[^1].ElapsedSeconds / seeds;
                    Console.Error.WriteLine($"{name} / {config} / seed {seed}: protocol {protocol.ModesCaptured}/{protocol.TotalModes} modes, " +
                                            $"HQ {protocol.HighQualityShare:P0}, KL {protocol.ReverseKL:0.00} -> {(isCollapsed ? "collapsed" : "healthy")}; " +
                                            $"monitor {(isFlagged ? "flagged" : "clear")}: {string.Join("; ", final.Reasons)} ({seconds:0} s)");
                }
                falsePositives += fp;
                falseNegatives += fn;
                collapsedRuns += collapsed;
                healthyRuns += seeds - collapsed;
                Console.WriteLine($"| {name} | {config}: {Configurations.Describe(config)} | {seeds} | {collapsed} | {flagged} | {fp} | {fn} | {monitorShare:P1} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"False-positive rate: {falsePositives} of {healthyRuns} healthy runs; false-negative rate: {falseNegatives} of {collapsedRuns} collapsed runs.");
        return 0;
    }
}
