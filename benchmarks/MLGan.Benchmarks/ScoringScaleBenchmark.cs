using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// Time to fit a diversity scorer on n reference rows and to evaluate n generated rows against it
/// (all nearest-neighbour work in blocked tensor operations), for growing n and several dimensions.
/// </summary>
internal static class ScoringScaleBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        int threads = args.Int("threads", 2);
        var sizes = args.String("sizes", "5000,10000,20000,50000").Split(',').Select(int.Parse).ToArray();
        var dims = args.String("dims", "2,16,64").Split(',').Select(int.Parse).ToArray();
        set_num_threads(threads);
        Console.WriteLine($"# Diversity scoring time ({threads} libtorch threads)");
        Console.WriteLine();
        Console.WriteLine("n reference rows = n evaluated rows; 10 k-means modes (given k), 20 NDB bins. Fit: k-NN radii (k=3, 5), k-means, NDB bins. Evaluate: every metric of DiversityMetrics.");
        Console.WriteLine();
        Console.WriteLine("| n | dims | fit s | evaluate s | evaluate s / n² × 10⁹ |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (int d in dims)
        {
            foreach (int n in sizes)
            {
                var ml = new MLContext(1);
                var reference = Blobs(n, d, seed: 1);
                var generated = Blobs(n, d, seed: 2);
                var clock = Stopwatch.StartNew();
                using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { NumberOfModes = 10, MaxReferenceRows = n, Seed = 1 }).Fit(reference);
                double fit = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var metrics = scorer.Evaluate(generated);
                double evaluate = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"| {n} | {d} | {fit:0.00} | {evaluate:0.00} | {evaluate / ((double)n * n) * 1e9:0.00} |");
                GC.KeepAlive(metrics);
            }
        }
        return 0;
    }

    /// <summary>n rows from 10 Gaussian blobs in d dimensions, as an IDataView with a "Features" vector column.</summary>
    private static IDataView Blobs(int n, int d, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray()).ToArray();
        var data = new float[n][];
        var r = new Random(seed + 100);
        for (int i = 0; i < n; i++)
        {
            var c = centres[r.Next(10)];
            data[i] = c.Select(v => v + (float)(r.NextDouble() - 0.5)).ToArray();
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        return new MLContext().Data.LoadFromEnumerable(data.Select(v => new Row { Features = v }), schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
