using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Benchmarks;

/// <summary>
/// How often the collapse verdict flags a perfect generator (fresh real rows; the false-positive rate, which must
/// stay at or below the documented significance level per criterion) and how often it flags degraded samples
/// (the detection rate), over seeded draws of every <see cref="VerdictCase"/>.
/// </summary>
internal static class VerdictCalibrationBenchmark
{
    private sealed class Row
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>The verdict on one seeded draw of <paramref name="verdictCase"/>.</summary>
    public static DiversityMetrics Evaluate(VerdictCase verdictCase, int seed)
    {
        var (reference, sample) = verdictCase.Draw(seed);
        var ml = new MLContext(seed);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(verdictCase.ScoringOptions(seed)).Fit(View(ml, reference));
        return scorer.Evaluate(View(ml, sample));
    }

    public static int Run(BenchmarkArguments args)
    {
        int draws = args.Int("draws", 200);
        string filter = args.String("cases", "");
        Console.WriteLine($"# Collapse verdict calibration: {draws} seeded draws per case");
        Console.WriteLine();
        Console.WriteLine("| case | sample is | flagged | missing modes | concentration / histogram | recall | duplicates | seconds per draw |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var verdictCase in VerdictCase.All.Where(c => filter.Length == 0 || filter.Split(';').Any(f => c.Name.Contains(f, StringComparison.OrdinalIgnoreCase))))
        {
            var clock = Stopwatch.StartNew();
            var counts = new int[5];
            for (int seed = 1; seed <= draws; seed++)
            {
                DiversityMetrics m;
                try
                {
                    m = Evaluate(verdictCase, seed);
                }
                catch (InvalidOperationException ex)
                {
                    Console.Error.WriteLine($"{verdictCase.Name} / {seed}: refused: {ex.Message}");
                    continue;
                }
                if (m.IsCollapsed)
                    counts[0]++;
                counts[1] += m.Reasons.Any(r => r.Contains("have no high-quality")) ? 1 : 0;
                counts[2] += m.Reasons.Any(r => r.Contains("hold 90%") || r.Contains("histogram")) ? 1 : 0;
                counts[3] += m.Reasons.Any(r => r.Contains("recall")) ? 1 : 0;
                counts[4] += m.Reasons.Any(r => r.Contains("duplicate")) ? 1 : 0;
                if (m.IsCollapsed != verdictCase.Collapsed && args.String("verbose", "") == "true")
                    Console.Error.WriteLine($"{verdictCase.Name} / {seed}: {string.Join("; ", m.Reasons)} | {string.Join("; ", m.Notes)}");
            }
            string Share(int c) => $"{(double)c / draws:P1}";
            Console.WriteLine($"| {verdictCase.Name} | {(verdictCase.Collapsed ? "degraded" : "fresh real rows")} | {Share(counts[0])} | {Share(counts[1])} | {Share(counts[2])} | {Share(counts[3])} | {Share(counts[4])} | {clock.Elapsed.TotalSeconds / draws:0.00} |");
        }
        return 0;
    }

    private static IDataView View(MLContext ml, float[][] rows)
    {
        int size = rows[0].Length;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }), schema);
    }
}
