using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// The mode-collapse protocol table: for each data set and configuration, modes captured, % high quality and
/// reverse KL as mean ± std over seeds, generator steps and wall time, with the published rows beside ours.
/// <c>--quick</c> runs fewer rows, steps and seeds (minutes instead of hours).
/// </summary>
internal static class CollapseBenchmark
{
    /// <summary>The configurations of the full table: the baseline, each remedy alone, and the best combinations.</summary>
    public const string DefaultConfigs = "gan,minimax,pac2,pac4,unroll5,mbd,mbstd,fm,dragan,r1,sn,drop,ln,noise,smooth,ema,hinge,ls,wgangp,paper,"
        + Configurations.Best + "," + Configurations.BestLongRun;

    /// <summary>Quick mode: the baseline and the best combination on fewer rows, steps and seeds.</summary>
    public static (int Seeds, int Steps, int Rows, string Configs) Quick => (2, 3_000, 20_000, "gan," + Configurations.Best);

    public static int Run(BenchmarkArguments args)
    {
        bool quick = args.String("quick", "false") == "true";
        bool verbose = args.String("verbose", "false") == "true";
        var (quickSeeds, quickSteps, quickRows, quickConfigs) = Quick;
        int firstSeed = args.Int("first-seed", 1);
        int seeds = args.Int("seeds", quick ? quickSeeds : 5), steps = args.Int("steps", quick ? quickSteps : 20_000), rows = args.Int("rows", quick ? quickRows : 100_000);
        var configs = args.String("configs", quick ? quickConfigs : DefaultConfigs).Split(',');
        var datasets = args.String("data", "ring,grid").Split(',');
        string? outPath = args.String("out", "") is { Length: > 0 } path ? path : null;
        set_num_threads(1);

        var table = new StringBuilder();
        void Line(string text = "")
        {
            Console.WriteLine(text);
            table.AppendLine(text);
        }
        Line($"# Mode-collapse protocol: {rows:N0} training points, {CollapseProtocol.SampleSize:N0} samples, {seeds} seeds, {steps:N0} generator steps, 1 thread");
        foreach (var name in datasets)
        {
            using var protocol = new CollapseProtocol(name, rows);
            Line();
            Line($"## {name} ({protocol.Mixture.Centers.Count} modes, {protocol.Mixture.Dimension}-D; high quality within {protocol.Mixture.QualityRadius / protocol.Mixture.StandardDeviation:0.00} std; real rows' recall {protocol.RealRecall:0.000})");
            Line();
            Line("| configuration | modes | % high quality | reverse KL | recall / real recall | G steps | s per run |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var config in configs)
            {
                var results = new List<ProtocolResult>();
                for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    var r = protocol.Run(config, seed, steps);
                    results.Add(r);
                    Console.Error.WriteLine($"{name} {config} seed {seed}: {r.Modes}/{r.TotalModes}, HQ {r.HighQualityPercent:0.00} %, KL {r.ReverseKL:0.000}, relative recall {r.RelativeRecall:0.000}, within-mode std / real {string.Join(" ", r.Spread.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))}, trained by {r.ModelModes} modes ({r.Seconds:0} s)"
                        + (r.Changes.Count > 0 ? $"; {r.StepsRun} steps run; changes: {string.Join("; ", r.Changes)}" : ""));
                    foreach (var warning in r.MonitorWarnings.Where(_ => verbose))
                        Console.Error.WriteLine("    " + warning);
                }
                Line($"| **{config}**: {Configurations.Describe(config)} | {MeanStd(results.Select(r => (double)r.Modes), "0.0")} | {MeanStd(results.Select(r => r.HighQualityPercent), "0.0")} | " +
                    $"{MeanStd(results.Select(r => r.ReverseKL), "0.000")} | {MeanStd(results.Select(r => r.RelativeRecall), "0.00")} | {results.Average(r => r.StepsRun):N0} | {results.Average(r => r.Seconds):0} |");
            }
            foreach (var p in PublishedResults.For(protocol.Mixture.Dimension == 2 ? name : ""))
                Line($"| *published*: {p.Method} ({p.Source}) | {p.Modes:0.0} | {p.HighQuality:0.0} | {(p.ReverseKL is double kl ? kl.ToString("0.00", CultureInfo.InvariantCulture) : "–")} | – | {(p.Source == "PacGAN" ? "400,000" : "–")} | – |");
        }
        if (outPath is not null)
            File.WriteAllText(outPath, table.ToString());
        return 0;
    }

    private static string MeanStd(IEnumerable<double> source, string format)
    {
        var values = source.ToList();
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }
}
