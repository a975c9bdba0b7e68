using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// Time to fit a diversity scorer on n reference rows and to evaluate n generated rows against it
/// (all nearest-neighbour work in blocked tensor operations), for growing n and several dimensions, on
/// clustered data ("blobs": generated rows near the reference's clusters, what a working generator gives), on
/// generated clusters away from the reference's ("shifted": a generator that missed everything) and on one
/// structureless Gaussian (the worst case for the kernels' cell pruning).
/// </summary>
internal static class ScoringScaleBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        int threads = args.Int("threads", 2);
        var sizes = args.String("sizes", "5000,10000,20000,50000").Split(',').Select(int.Parse).ToArray();
        var dims = args.String("dims", "2,16,64").Split(',').Select(int.Parse).ToArray();
        var shapes = args.String("data", "blobs,shifted,gaussian").Split(',');
        set_num_threads(threads);
        Console.WriteLine($"# Diversity scoring time ({threads} libtorch threads)");
        Console.WriteLine();
        Console.WriteLine("n reference rows = n evaluated rows; 10 k-means modes (given k), 20 NDB bins. Fit: k-NN radii (k=3, 5), k-means, NDB bins. Evaluate: every metric of DiversityMetrics.");
        Console.WriteLine("blobs: 10 clusters (uniform ±0.5 around centres in [-10, 10]^d), the same clusters for both sets; shifted: the generated rows from 10 other clusters; gaussian: one standard normal. shifted and gaussian run at the largest n only.");
        Console.WriteLine();
        Console.WriteLine("| data | n | dims | fit s | evaluate s | evaluate s / n² × 10⁹ |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (shape, d, n) in shapes.SelectMany(shape => dims.SelectMany(d => (shape == "blobs" ? sizes : sizes.TakeLast(1)).Select(n => (shape, d, n)))))
        {
            var ml = new MLContext(1);
            var reference = Data(shape, n, d, seed: 1, centreSeed: 1);
            var generated = Data(shape, n, d, seed: 2, centreSeed: shape == "shifted" ? 2 : 1);
            var clock = Stopwatch.StartNew();
            using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { NumberOfModes = 10, MaxReferenceRows = n, Seed = 1 }).Fit(reference);
            double fit = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var metrics = scorer.Evaluate(generated);
            double evaluate = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"| {shape} | {n} | {d} | {fit:0.00} | {evaluate:0.00} | {evaluate / ((double)n * n) * 1e9:0.00} |");
            GC.KeepAlive(metrics);
        }
        return 0;
    }

    /// <summary>n rows in d dimensions (blobs around centres drawn with <paramref name="centreSeed"/>, or a Gaussian), as an IDataView with a "Features" vector column.</summary>
    private static IDataView Data(string shape, int n, int d, int seed, int centreSeed)
    {
        var random = new Random(centreSeed);
        var centres = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray()).ToArray();
        var data = new float[n][];
        var r = new Random(seed + 100);
        for (int i = 0; i < n; i++)
        {
            data[i] = shape switch
            {
                "blobs" or "shifted" => centres[r.Next(10)].Select(v => v + (float)(r.NextDouble() - 0.5)).ToArray(),
                "gaussian" => Enumerable.Range(0, d).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()))).ToArray(),
                _ => throw new ArgumentException($"unknown data '{shape}'; use blobs, shifted or gaussian"),
            };
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
