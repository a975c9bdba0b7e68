using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;

namespace MLGan.Tests;

/// <summary>Row types and small seeded data sets shared by the tests.</summary>
internal static class TestData
{
    public sealed class Row2
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class LabeledRow2
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = "";
    }

    public static IDataView Ring(MLContext ml, int count, int seed = 1)
        => ml.Data.LoadFromEnumerable(GaussianMixture.Ring().Sample(count, seed).Select(f => new Row2 { Features = f }));

    /// <summary>Rows as a "Features" vector column of 2 values, or of the first row's width when given wider rows.</summary>
    public static IDataView Rows(MLContext ml, IEnumerable<float[]> rows)
    {
        var list = rows as IReadOnlyList<float[]> ?? rows.ToList();
        if (list.Count == 0 || list[0].Length == 2)
            return ml.Data.LoadFromEnumerable(list.Select(f => new Row2 { Features = f }));
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, list[0].Length);
        return ml.Data.LoadFromEnumerable(list.Select(f => new VectorRow { Features = f }), schema);
    }

    private sealed class VectorRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>A small, fast configuration for tests that need a trained model, not a good one.</summary>
    public static GanOptions Tiny(int steps = 20, int seed = 7) => new()
    {
        Networks = { LatentDimension = 4, Generator = { HiddenLayers = new[] { 16 } }, Discriminator = { HiddenLayers = new[] { 16 } } },
        Schedule = { BatchSize = 32, MaxSteps = steps },
        Run = { Seed = seed, ReportInterval = 5 },
    };

    /// <summary>Three well-separated blobs (std 0.1), the small multi-modal problem of the method tests.</summary>
    public static readonly GaussianMixture ThreeBlobs = new(new[] { new[] { -3f, 0f }, new[] { 3f, 0f }, new[] { 0f, 4f } }, 0.1f);

    /// <summary>Trains <paramref name="options"/> with 2x64 networks and batch 64 on 3,000 rows of <see cref="ThreeBlobs"/>.</summary>
    public static GanTransformer FitThreeBlobs(MLContext ml, GanOptions options)
    {
        options.Networks.Generator.HiddenLayers = new[] { 64, 64 };
        options.Networks.Discriminator.HiddenLayers = new[] { 64, 64 };
        options.Schedule.BatchSize = 64;
        options.Run.ReportInterval = 500;
        return ml.Gan().Trainers.Gan(options).Fit(Rows(ml, ThreeBlobs.Sample(3000, seed: 2)));
    }

    /// <summary>The blob of <see cref="ThreeBlobs"/> nearest to <paramref name="row"/>, and the distance to its centre.</summary>
    public static (int Blob, double Distance) NearestBlob(float[] row)
    {
        var distances = ThreeBlobs.Centers.Select(c => Math.Sqrt(Math.Pow(row[0] - c[0], 2) + Math.Pow(row[1] - c[1], 2))).ToArray();
        int nearest = Array.IndexOf(distances, distances.Min());
        return (nearest, distances[nearest]);
    }

    public static float[][] ReadVectors(IDataView data, string column = "Features")
        => data.GetColumn<float[]>(column).ToArray();
}

/// <summary>Progress reported on the training thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class OnReport(Action<GanProgress> action) : IProgress<GanProgress>
{
    public void Report(GanProgress value) => action(value);
}
