using System.Diagnostics;
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
    /// <summary>Configuration names (see <see cref="Configurations"/>): a collapse-prone one and a healthy one.</summary>
    public const string CollapseProne = "minimax+strongD", Healthy = "hinge+fast+pac2";

    public const int Rows = 10_000, Steps = 8_000;

    /// <summary>A protocol run with the monitor on (its defaults, a check and a report every eighth of the run).</summary>
    public static GanOptions Options(string config, int seed, int steps)
    {
        var options = CollapseProtocol.Options(config, seed, steps);
        options.Run.ReportInterval = Math.Max(1, steps / 8);
        options.Monitor = new CollapseMonitorOptions { Interval = options.Run.ReportInterval };
        return options;
    }

    /// <summary>
    /// The protocol's own notion of collapse, independent of the monitor's other criteria: more than 10% of the true
    /// modes missed (any, for up to 10 modes), or a high-quality histogram whose reverse KL exceeds 10% of log(modes).
    /// </summary>
    public static bool ProtocolCollapsed(DiversityMetrics m)
        => m.TotalModes - m.ModesCaptured > Math.Floor(0.1 * m.TotalModes) || m.ReverseKLToUniform > 0.1 * Math.Log(m.TotalModes);

    public static int Run(BenchmarkArguments args)
    {
        int seeds = args.Int("seeds", 5), steps = args.Int("steps", Steps);
        var configs = args.String("configs", $"{CollapseProne},{Healthy}").Split(',');
        set_num_threads(1);
        Console.WriteLine($"# Collapse detection during training: {Rows:N0} training rows, {seeds} seeds x {steps} generator steps per run, 1 thread");
        Console.WriteLine();
        Console.WriteLine("| data | configuration | runs | truly collapsed (protocol) | flagged by the monitor at the end | false positives | false negatives | monitor share of training time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        int falsePositives = 0, falseNegatives = 0, healthyRuns = 0, collapsedRuns = 0;
        foreach (var name in new[] { "ring", "grid" })
        {
            using var protocol = new CollapseProtocol(name, Rows);
            foreach (var config in configs)
            {
                int collapsed = 0, flagged = 0, fp = 0, fn = 0;
                double monitorShare = 0;
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var clock = Stopwatch.StartNew();
                    using var model = protocol.Train(Options(config, seed, steps));
                    double seconds = clock.Elapsed.TotalSeconds;
                    var final = model.TrainingHistory[^1].Diversity!;
                    var truth = protocol.Score(model, seed);
                    bool isCollapsed = ProtocolCollapsed(truth), isFlagged = final.IsCollapsed;
                    collapsed += isCollapsed ? 1 : 0;
                    flagged += isFlagged ? 1 : 0;
                    fp += !isCollapsed && isFlagged ? 1 : 0;
                    fn += isCollapsed && !isFlagged ? 1 : 0;
                    monitorShare += model.TrainingHistory[^1].MonitorSeconds / model.TrainingHistory[^1].ElapsedSeconds / seeds;
                    Console.Error.WriteLine($"{name} / {config} / seed {seed}: protocol {truth.ModesCaptured}/{truth.TotalModes} modes, " +
                                            $"HQ {truth.HighQualityShare:P0}, KL {truth.ReverseKLToUniform:0.00} -> {(isCollapsed ? "collapsed" : "healthy")}; " +
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
