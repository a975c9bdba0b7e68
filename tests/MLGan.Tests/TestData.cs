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

    public static IDataView Rows(MLContext ml, IEnumerable<float[]> rows)
        => ml.Data.LoadFromEnumerable(rows.Select(f => new Row2 { Features = f }));

    /// <summary>A small, fast configuration for tests that need a trained model, not a good one.</summary>
    public static GanOptions Tiny(int steps = 20, int seed = 7) => new()
    {
        Networks = { LatentDimension = 4, Generator = { HiddenLayers = new[] { 16 } }, Discriminator = { HiddenLayers = new[] { 16 } } },
        Schedule = { BatchSize = 32, MaxSteps = steps },
        Run = { Seed = seed, ReportInterval = 5 },
    };

    public static float[][] ReadVectors(IDataView data, string column = "Features")
        => data.GetColumn<float[]>(column).ToArray();
}
