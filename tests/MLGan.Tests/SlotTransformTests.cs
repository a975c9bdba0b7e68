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
    public void Auto_TransformsTheHeavyTailedPositiveSlotOnly()
    {
        var ml = new MLContext(1);
        var table = FeatureTable.Load(TestData.Rows(ml, LogNormalRows(120, 1)), "Features", "test");
        CollectionAssert.AreEqual(new[] { SlotTransform.Quantile, SlotTransform.None }, FeatureScaler.Fit(table, SlotTransform.Auto).Transforms);
        // Log, asked for, on rows whose slots are both positive.
        var positive = FeatureTable.Load(TestData.Rows(ml, LogNormalRows(120, 1).Select(r => new[] { r[0], Math.Abs(r[1]) + 1 }).ToArray()), "Features", "test");
        var scaler = FeatureScaler.Fit(positive, SlotTransform.Log);
        CollectionAssert.AreEqual(new[] { SlotTransform.Log, SlotTransform.Log }, scaler.Transforms);
        // Encoding then decoding gives the values back (to float precision).
        var encoded = scaler.Encode(positive);
        scaler.DecodeInPlace(encoded);
        for (int i = 0; i < encoded.Length; i++)
            Assert.AreEqual(positive.Values[i], encoded[i], Math.Abs(positive.Values[i]) * 1e-5 + 1e-6);
        // The divergence guard measures a log slot's range on the log scale: its tail is far in user units, not in logs.
        Assert.AreEqual(5, scaler.RangeValue(0, Math.Exp(5)), 1e-12);
        Assert.AreEqual(-3, FeatureScaler.Fit(table, SlotTransform.None).RangeValue(1, -3));
        // None leaves both slots alone; Log on the normal slot (negative values) is refused naming the slot.
        CollectionAssert.AreEqual(new[] { SlotTransform.None, SlotTransform.None }, FeatureScaler.Fit(table, SlotTransform.None).Transforms);
        var error = Assert.ThrowsExactly<ArgumentException>(() => FeatureScaler.Fit(table, SlotTransform.Log));
        StringAssert.Contains(error.Message, "slot 1");
    }

    /// <summary>Generated / real q10, q50 and q90 of the log-normal slot after 3,000 steps on 120 rows (batch 60; MLGan's defaults otherwise).</summary>
    private static double[] QuantileRatios(SlotTransform transform, int seed, ModeNormalization modes = ModeNormalization.Auto)
    {
        var ml = new MLContext(1);
        // Log applies to every slot, so for it the normal slot is moved to positive values (mean 10).
        var rows = LogNormalRows(120, 1).Select(r => transform == SlotTransform.Log ? new[] { r[0], r[1] + 10 } : r).ToArray();
        var options = new GanOptions
        {
            SlotTransform = transform,
            ModeNormalization = modes,
            Networks = { LatentDimension = 4 },
            Schedule = { BatchSize = 60, MaxSteps = 3000, Epochs = 10_000 },
            Run = { Seed = seed, ReportInterval = 1000, NumberOfThreads = 1 },
            Monitor = null,
        };
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, rows));
        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 4000, seed: 3));
        Assert.IsTrue(transform == SlotTransform.None || generated.All(r => r[0] > 0), "the transformed slot's values stay positive");
        return new[] { 0.1, 0.5, 0.9 }.Select(q => Quantile(generated.Select(r => r[0]), q) / Quantile(rows.Select(r => r[0]), q)).ToArray();
    }

    /// <summary>Seeds 1–3 under <paramref name="transform"/>: asserts every generated / real quantile ratio is within a factor <paramref name="factor"/>.</summary>
    private static void AssertQuantilesWithin(SlotTransform transform, double factor)
    {
        var seeds = new[] { 1, 2, 3 };
        var ratios = seeds.Select(seed => QuantileRatios(transform, seed)).ToList();
        string report = string.Join("; ", ratios.Select((r, i) => $"seed {seeds[i]}: " + string.Join(", ", r.Select(v => v.ToString("0.000")))));
        Console.WriteLine($"{transform}: {report}");
        Assert.IsTrue(ratios.All(r => r.All(ratio => ratio > 1 / factor && ratio < factor)), $"generated / real q10, q50, q90: {report}");
    }

    /// <summary>
    /// The log transform (asked for) undoes the gross squeeze of a heavy tail (q10 several times too large without it),
    /// less well than the default quantile transform: this test pins what holds (within 60%; 1.11–1.23 at q10 when
    /// recorded), so a regression fails CI.
    /// </summary>
    [TestMethod]
    [TestCategory("Long")]
    public void LogNormalSlots_UnderTheLog_ComeBackWithin60Percent_AndNotWithoutATransform()
    {
        AssertQuantilesWithin(SlotTransform.Log, 1.6);
        // Without a transform, under whole-column scaling, the bulk is squeezed toward the tail: the lower quantiles come
        // out many times too large. (By mode, the Gaussian mixture may give the tail a mode of its own, which helps.)
        var none = QuantileRatios(SlotTransform.None, 1, ModeNormalization.None);
        Console.WriteLine($"None, seed 1: {string.Join(", ", none.Select(v => v.ToString("0.000")))}");
        Assert.IsGreaterThan(3, none[0]);
    }

    /// <summary>
    /// The default (Auto: the quantile transform for this slot, and the rows trained as one whitened mode with its
    /// moments matched) on the same protocol: every generated quantile within 15% of the real one (0.98–1.09 when recorded).
    /// </summary>
    [TestMethod]
    [TestCategory("Long")]
    public void LogNormalSlots_UnderTheDefaults_ComeBackWithin15Percent() => AssertQuantilesWithin(SlotTransform.Auto, 1.15);

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
            CollectionAssert.AreEqual(new[] { SlotTransform.Quantile, SlotTransform.None }, ((FeatureScaler)loaded.Model.Codec).Transforms);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 20), ml.Gan().Generate(loaded, 20));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Quantile_MakesEachSlotStandardNormal_AndDecodesBackWithinTheTrainingRange()
    {
        var ml = new MLContext(1);
        var rows = LogNormalRows(2000, 2);
        var table = FeatureTable.Load(TestData.Rows(ml, rows), "Features", "test");
        var scaler = FeatureScaler.Fit(table, SlotTransform.Quantile);
        CollectionAssert.AreEqual(new[] { SlotTransform.Quantile, SlotTransform.Quantile }, scaler.Transforms);
        var encoded = scaler.Encode(table);
        // The heavy-tailed slot is now symmetric: mean 0, std 1 (standardized), skewness near 0.
        var first = Enumerable.Range(0, table.Rows).Select(i => (double)encoded[i * 2]).ToArray();
        Assert.AreEqual(0, MathNet.Numerics.Statistics.Statistics.Skewness(first), 0.05);
        Assert.IsGreaterThan(10, MathNet.Numerics.Statistics.Statistics.Skewness(rows.Select(r => (double)r[0])), "the raw slot is heavy-tailed");
        // Encoding then decoding gives the training values back (2,000 rows: 1,000 knots, so between knots to 1e-3 of the value).
        scaler.DecodeInPlace(encoded);
        for (int i = 0; i < encoded.Length; i++)
            Assert.AreEqual(table.Values[i], encoded[i], 2e-3 * Math.Abs(table.Values[i]) + 2e-3, $"value {i}");
        // Any generator output decodes inside the training range: the extremes at ±10 standard deviations.
        var extremes = new float[] { -10, -10, 10, 10 };
        scaler.DecodeInPlace(extremes);
        Assert.AreEqual(rows.Min(r => r[0]), extremes[0], 1e-3f * rows.Min(r => r[0]));
        Assert.AreEqual(rows.Max(r => r[0]), extremes[2], 1e-3f * rows.Max(r => r[0]));
        Assert.AreEqual(rows.Min(r => r[1]), extremes[1], 1e-4);
        Assert.AreEqual(rows.Max(r => r[1]), extremes[3], 1e-4);
    }

    [TestMethod]
    public void Quantile_KeepsAPointMass()
    {
        // Half the values are exactly 0 (a count with many zeros), the rest exponential.
        var random = new Random(5);
        var values = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 0.0 : -Math.Log(1 - random.NextDouble())).ToArray();
        var quantiles = SlotQuantiles.Fit(values);
        // Every 0 maps to one score (the middle of the tied ranks, probability ~0.25), and every score below the
        // point mass's top comes back as exactly 0.
        double zero = quantiles.Forward(0);
        Assert.AreEqual(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.25), zero, 0.01);
        foreach (double score in new[] { -3, -1, zero, -0.05 })
            Assert.AreEqual(0, quantiles.Inverse(score), $"score {score}");
        Assert.IsGreaterThan(0, quantiles.Inverse(0.5));
    }

    [TestMethod]
    public void QuantileModel_SavesAndLoads_GeneratingTheSameRows()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, LogNormalRows(120, 1));
        var options = TestData.Tiny(steps: 5);
        options.SlotTransform = SlotTransform.Quantile;
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-quantile-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Model.Load(path, out _);
            var codec = (FeatureScaler)loaded.Model.Codec;
            CollectionAssert.AreEqual(new[] { SlotTransform.Quantile, SlotTransform.Quantile }, codec.Transforms);
            CollectionAssert.AreEqual(((FeatureScaler)model.Model.Codec).Quantiles[0]!.Knots, codec.Quantiles[0]!.Knots);
            // Both quantile slots were calibrated to the trained generator, and the calibrations are saved too.
            Assert.IsTrue(codec.Calibrations.All(c => c is not null));
            CollectionAssert.AreEqual(((FeatureScaler)model.Model.Codec).Calibrations[1]!.Knots, codec.Calibrations[1]!.Knots);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 20), ml.Gan().Generate(loaded, 20));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Rank_AndValueAt_FollowTheLinearQuantileDefinition()
    {
        var quantiles = new SlotQuantiles(new float[] { 0, 1, 3, 7 }); // knot k at probability k / 3
        Assert.AreEqual(0, quantiles.Rank(-5));
        Assert.AreEqual(0.5, quantiles.Rank(2), 1e-12);   // halfway between knots 1 and 2
        Assert.AreEqual(2.0 / 3, quantiles.Rank(3), 1e-12);
        Assert.AreEqual(1, quantiles.Rank(100));
        Assert.AreEqual(2, quantiles.ValueAt(0.5), 1e-12);
        Assert.AreEqual(1, quantiles.ValueAt(1.0 / 3), 1e-6);
        Assert.AreEqual(7, quantiles.ValueAt(1));
        Assert.AreEqual(0, quantiles.ValueAt(-1));
        Assert.IsTrue(double.IsNaN(quantiles.ValueAt(quantiles.Rank(double.NaN))));
    }

    [TestMethod]
    public void Calibration_MapsAMisSpreadGeneratorsQuantiles_OntoTheTrainingOnes()
    {
        var ml = new MLContext(1);
        var rows = LogNormalRows(2000, 2);
        var table = FeatureTable.Load(TestData.Rows(ml, rows), "Features", "test");
        var scaler = FeatureScaler.Fit(table, SlotTransform.Quantile);
        // A "generator" that writes every slot too narrow and shifted (0.7 y + 0.3 in scaled units): its rows decode to
        // quantiles far from the training ones, until the scaler is calibrated to its own outputs.
        var generated = LogNormalRows(scaler.CalibrationRows, 3);
        Assert.AreEqual(100_000, generated.Length);
        var encoded = scaler.Encode(FeatureTable.Load(TestData.Rows(ml, generated), "Features", "test")).Select(v => 0.7f * v + 0.3f).ToArray();
        var calibrated = scaler.Calibrated(encoded.Chunk(30_000));
        double[] Quantiles(FeatureScaler codec, int slot)
        {
            var decoded = (float[])encoded.Clone();
            codec.DecodeInPlace(decoded);
            var values = Enumerable.Range(0, generated.Length).Select(i => decoded[i * 2 + slot]);
            return new[] { 0.1, 0.5, 0.9 }.Select(q => Quantile(values, q)).ToArray();
        }
        for (int slot = 0; slot < 2; slot++)
        {
            var real = new[] { 0.1, 0.5, 0.9 }.Select(q => Quantile(rows.Select(r => r[slot]), q)).ToArray();
            var before = Quantiles(scaler, slot);
            var after = Quantiles(calibrated, slot);
            Assert.IsTrue(Math.Abs(before[0] - real[0]) > 0.2 * Math.Abs(real[0]), $"slot {slot}: uncalibrated q10 {before[0]} vs {real[0]}");
            for (int q = 0; q < 3; q++)
                Assert.AreEqual(real[q], after[q], 0.01 * Math.Abs(real[q]) + 0.01, $"slot {slot}, quantile {q}");
        }
    }

    [TestMethod]
    public void AVersion4Codec_WithoutCalibrations_IsStillRead()
    {
        var codec = (FeatureScaler)CodecPayloads.Read(2, new[] { SlotTransform.None, SlotTransform.Quantile }, writer =>
        {
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, new float[] { 1, 2, 3 });
            writer.Write(false); // not whitened, and nothing after it in version 4
        }, version: 4);
        Assert.IsTrue(codec.Calibrations.All(c => c is null));
        var row = new float[] { 0, 0 };
        codec.DecodeInPlace(row);
        Assert.AreEqual(2f, row[1], 1e-6f); // score 0: the middle knot, as before calibrations existed
    }

    [TestMethod]
    public void DamagedCalibrationKnotsInAModelFile_AreRefused()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => CodecPayloads.Read(2, new[] { SlotTransform.None, SlotTransform.Quantile }, writer =>
        {
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, new float[] { 1, 2, 3 });
            writer.Write(false); // not whitened
            writer.Write(true);  // calibrated
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, new float[] { 2, 1 });
        }));
        StringAssert.Contains(error.Message, "slot 1's calibration");
    }

    [TestMethod]
    [DataRow(new float[] { 1, 3, 2 }, "not finite and non-decreasing")]
    [DataRow(new float[] { 1, float.NaN }, "not finite and non-decreasing")]
    [DataRow(new float[] { 1 }, "holds 1 knots")]
    public void DamagedQuantileKnotsInAModelFile_AreRefused(float[] knots, string expected)
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => CodecPayloads.Read(2, new[] { SlotTransform.None, SlotTransform.Quantile }, writer =>
        {
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, knots);
            writer.Write(false);
        }));
        StringAssert.Contains(error.Message, expected);
    }
}
