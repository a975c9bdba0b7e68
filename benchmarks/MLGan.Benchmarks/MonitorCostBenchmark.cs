using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// What the collapse monitor costs with its default settings: whole training runs (MLGan's defaults, 1 thread) on
/// 2,000 rows of 8 Gaussian blobs (centres uniform in [-1, 1]^width, std 0.05) at several row widths and on 2,000 MNIST
/// digits as plain 784-value rows, the monitor's
/// whole time (<see cref="GanProgress.MonitorSeconds"/>: fitting its reference and every check) against the run's;
/// and the automatic mode search alone (a scorer fitted with and without the mode count given) on 2,000 rows of the
/// 2-D ring and grid.
/// </summary>
internal static class MonitorCostBenchmark
{
    private const int Rows = 2_000;

    public static int Run(BenchmarkArguments args)
    {
        int steps = args.Int("steps", 20_000), rounds = args.Int("rounds", 3);
        var cases = args.String("data", "blobs2,blobs16,blobs64,blobs256,mnist").Split(',');
        double learningRate = double.Parse(args.String("lr", "1e-3"));
        set_num_threads(1);
        Console.WriteLine($"# The collapse monitor's cost: {Rows:N0} rows, MLGan's defaults (learning rates {learningRate}), {steps:N0} generator steps, 1 thread");
        Console.WriteLine();
        Console.WriteLine("| data | run s (to its last report) | monitor s (`MonitorSeconds`) | of which reference fit s | checks | s per check | monitor share |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in cases)
        {
            var ml = new MLContext(seed: 1);
            double setup = 0;
            ml.Log += (_, e) =>
            {
                const string Fitted = "fitted in ";
                int at = e.Message.IndexOf(Fitted, StringComparison.Ordinal);
                if (e.Message.Contains("Collapse monitor: reference", StringComparison.Ordinal) && at >= 0)
                    setup = double.Parse(e.Message[(at + Fitted.Length)..].Split(' ')[0]);
            };
            var options = new GanOptions
            {
                Schedule = { MaxSteps = steps, Epochs = int.MaxValue, Generator = { LearningRate = learningRate }, Discriminator = { LearningRate = learningRate } },
                // Wide blobs and digits diverged with the defaults (blobs of 256 values by step 4,000, 784 by 5,100, digits
                // by 15,000): rolling back at lower learning rates lets every run reach its last step.
                Run = { Seed = 1, NumberOfThreads = 1, ReportInterval = 1_000, DivergenceRecovery = new DivergenceRecoveryOptions { MaxRollbacks = 20 } },
            };
            var data = name == "mnist" ? Digits(ml) : Blobs(ml, int.Parse(name["blobs".Length..]));
            GanTransformer gan;
            string stopped = "";
            try
            {
                gan = ml.Gan().Trainers.Gan(options).Fit(data);
            }
            catch (GanTrainingDivergedException diverged) when (diverged.LastHealthyModel is not null)
            {
                // The share up to the last healthy report bounds the whole run's: set-up weighs less the longer a run goes.
                gan = diverged.LastHealthyModel;
                stopped = $" (diverged by step {diverged.Step:N0}: to step {diverged.LastHealthyStep:N0})";
            }
            using (gan)
            {
                var last = gan.TrainingHistory[^1];
                int rollbacks = gan.TrainingHistory.Sum(h => h.Warnings.Count(w => w.Contains("rolled back", StringComparison.Ordinal)));
                if (rollbacks > 0)
                    stopped += rollbacks == 1 ? " (1 rollback)" : $" ({rollbacks} rollbacks)";
                int checks = gan.TrainingHistory.Count(h => h.Diversity is not null);
                Console.WriteLine($"| {Describe(name)}{stopped} | {last.ElapsedSeconds:0.0} | {last.MonitorSeconds:0.00} | {setup:0.00} | {checks} | " +
                                  $"{(last.MonitorSeconds - setup) / checks:0.000} | **{last.MonitorSeconds / last.ElapsedSeconds:P1}** |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Automatic mode search on {Rows:N0} rows (a scorer's fit with the mode count found minus with it given; best of {rounds}):");
        Console.WriteLine();
        Console.WriteLine("| data | modes found | fit with the search s | fit with the count given s | search s |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, mixture) in new[] { ("ring", GaussianMixture.Ring()), ("grid", GaussianMixture.Grid()) })
        {
            var ml = new MLContext(seed: 1);
            var data = View(ml, mixture.Sample(Rows, seed: 1));
            double searched = double.MaxValue, given = double.MaxValue;
            int modes = 0;
            for (int round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(data);
                searched = Math.Min(searched, clock.Elapsed.TotalSeconds);
                modes = scorer.ModeCenters.Count;
                clock.Restart();
                ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1, NumberOfModes = modes }).Fit(data);
                given = Math.Min(given, clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"| {name} | {modes} | {searched:0.000} | {given:0.000} | **{searched - given:0.000}** |");
        }
        return 0;
    }

    private static IDataView Blobs(MLContext ml, int width)
    {
        var random = new Random(5);
        var centres = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, width).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray()).ToArray();
        return View(ml, new GaussianMixture(centres, 0.05f).Sample(Rows, seed: 3));
    }

    /// <summary>2,000 real MNIST digits (every fifth, so every class) as plain 784-value rows: pixels / 255, no image shape.</summary>
    private static IDataView Digits(MLContext ml)
    {
        var digits = MLGan.Datasets.Mnist.MnistDigits.Read();
        return View(ml, Enumerable.Range(0, Rows).Select(i => digits[5 * i].Pixels.Select(p => p / 255f).ToArray()).ToArray());
    }

    private static string Describe(string name) => name == "mnist"
        ? "2,000 MNIST digits, 784 values per row"
        : $"8 blobs, {name["blobs".Length..]} values per row";

    private static IDataView View(MLContext ml, float[][] rows)
    {
        int width = rows[0].Length;
        var schema = SchemaDefinition.Create(typeof(Point));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new Point { Features = r }), schema);
    }

    private sealed class Point
    {
        public float[] Features = Array.Empty<float>();
    }
}
