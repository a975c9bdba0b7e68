using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Tests;

/// <summary>Bad inputs fail with messages whose advice works when followed literally.</summary>
[TestClass]
public sealed partial class InputCheckTests
{
    private sealed class LatentRow
    {
        [VectorType(4)]
        public float[] Z { get; set; } = Array.Empty<float>();
    }

    [TestMethod]
    [DataRow(float.NaN, "missing (NaN)")]
    [DataRow(float.PositiveInfinity, "infinite")]
    [DataRow(float.NegativeInfinity, "infinite")]
    public void NonFiniteLatentVector_NamesTheRowAndTheColumn(float bad, string kind)
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.LatentColumnName = "Z";
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        var latents = Enumerable.Range(0, 10).Select(i => new LatentRow { Z = new[] { i * 0.1f, 0, 0, 0 } }).ToArray();
        latents[5].Z[2] = bad;
        var generated = model.Transform(ml.Data.LoadFromEnumerable(latents));
        var ex = Assert.Throws<InvalidOperationException>(() => TestData.ReadVectors(generated));
        foreach (var fragment in new[] { "Row 5", "latent column 'Z'", kind, "slot 2" })
            StringAssert.Contains(ex.Message, fragment);
    }

    private static IDataView WithBadValue(MLContext ml, float bad)
    {
        var rows = Enumerable.Range(0, 64).Select(i => new[] { MathF.Cos(i), MathF.Sin(i) }).ToList();
        rows[17] = new[] { 1f, bad };
        rows[40] = new[] { bad, 0f };
        return TestData.Rows(ml, rows);
    }

    /// <summary>The advice quoted in the message, executed exactly as written there.</summary>
    private static readonly (string Code, Func<MLContext, IDataView, IDataView> Follow)[] InfinityAdvice =
    {
        ("data = mlContext.Data.FilterRowsByMissingValues(mlContext.Transforms.Expression(\"Features\", \"x : isna(x - x) ? na(x) : x\", \"Features\").Fit(data).Transform(data), \"Features\")",
            (mlContext, data) => mlContext.Data.FilterRowsByMissingValues(mlContext.Transforms.Expression("Features", "x : isna(x - x) ? na(x) : x", "Features").Fit(data).Transform(data), "Features")),
        ("mlContext.Transforms.Expression(\"Features\", \"x : max(-1000000, min(1000000, x))\", \"Features\")",
            (mlContext, data) => mlContext.Transforms.Expression("Features", "x : max(-1000000, min(1000000, x))", "Features").Fit(data).Transform(data)),
    };

    private static readonly (string Code, Func<MLContext, IDataView, IDataView> Follow)[] MissingAdvice =
    {
        ("mlContext.Transforms.ReplaceMissingValues(\"Features\")", (mlContext, data) => mlContext.Transforms.ReplaceMissingValues("Features").Fit(data).Transform(data)),
        ("mlContext.Data.FilterRowsByMissingValues(data, \"Features\")", (mlContext, data) => mlContext.Data.FilterRowsByMissingValues(data, "Features")),
    };

    [TestMethod]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    [DataRow(float.NaN)]
    public void NonFiniteTrainingValues_AdviceFollowedLiterally_Trains(float bad)
    {
        var ml = new MLContext(1);
        var data = WithBadValue(ml, bad);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(data));
        StringAssert.Contains(ex.Message, "Row 17 of the training data's feature column 'Features'");
        foreach (var (code, follow) in float.IsNaN(bad) ? MissingAdvice : InfinityAdvice)
        {
            StringAssert.Contains(ex.Message, code);
            using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(follow(ml, data));
            Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 20)).All(r => r.All(float.IsFinite)));
        }
    }

    [TestMethod]
    public void ValidationDataProblems_NameTheValidationData()
    {
        var ml = new MLContext(1);
        var estimator = ml.Gan().Trainers.Gan(TestData.Tiny());
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(TestData.Ring(ml, 64), WithBadValue(ml, float.PositiveInfinity)));
        StringAssert.Contains(ex.Message, "the validation data's feature column");
        var other = ml.Data.LoadFromEnumerable(new[] { new LatentRow { Z = new float[4] } });
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => estimator.Fit(TestData.Ring(ml, 64), other)).Message, "not found in the validation data");
    }

    /// <summary>Applies "Name = Value" assignments from a message's advice to <paramref name="options"/>.</summary>
    private static void Follow(string message, GanOptions options)
    {
        var advice = AdviceSentence().Match(Regex.Replace(message, @" \(Parameter '[\w.]+'\)$", ""));
        Assert.IsTrue(advice.Success, message);
        foreach (Match assignment in Assignment().Matches(advice.Groups[1].Value))
        {
            // The advice names options by their path under GanOptions, e.g. Remedies.Packing.Degree.
            object owner = options;
            var names = assignment.Groups[1].Value.Split('.');
            foreach (var name in names[..^1])
                owner = owner.GetType().GetField(name)!.GetValue(owner)!;
            var field = owner.GetType().GetField(names[^1])!;
            string value = assignment.Groups[2].Value;
            object parsed = field.FieldType == typeof(bool) ? bool.Parse(value)
                : field.FieldType == typeof(GanNormalization) ? Enum.Parse<GanNormalization>(value.Replace("GanNormalization.", ""))
                : int.Parse(value, CultureInfo.InvariantCulture);
            field.SetValue(owner, parsed);
        }
    }

    [GeneratedRegex(@"(?:Use|or set) (.*)\.$")]
    private static partial Regex AdviceSentence();

    [GeneratedRegex(@"((?:\w+\.)*\w+) = ([\w.]+)")]
    private static partial Regex Assignment();

    [TestMethod]
    [DataRow(1, 32, 1, false, GanNormalization.None, GanNormalization.None, "training rows (1)", "Remedies.MinibatchStandardDeviation.Enabled = false", true)]
    [DataRow(20, 32, 1, false, GanNormalization.None, GanNormalization.None, "training rows (20)", "Schedule.BatchSize = 20", true)]
    [DataRow(64, 4, 10, false, GanNormalization.None, GanNormalization.None, "multiple of Remedies.Packing.Degree (10)", "at least 2 x Remedies.Packing.Degree = 20", false)]
    [DataRow(3, 32, 2, false, GanNormalization.None, GanNormalization.None, "training rows (3)", "Remedies.MinibatchStandardDeviation.Enabled = false", true)]
    [DataRow(7, 5, 3, true, GanNormalization.BatchNorm, GanNormalization.None, "Remedies.MinibatchStandardDeviation and Remedies.MinibatchDiscrimination and Networks.Discriminator.Normalization = BatchNorm", "Use Schedule.BatchSize = 6", false)]
    [DataRow(1, 32, 1, false, GanNormalization.None, GanNormalization.BatchNorm, "Networks.Generator.Normalization = BatchNorm normalizes", "Networks.Generator.Normalization = GanNormalization.LayerNorm", true)]
    [DataRow(64, 1, 1, false, GanNormalization.None, GanNormalization.BatchNorm, "at least 2", "Use Schedule.BatchSize = 2", false)]
    public void BatchSizeAdvice_NamesEveryRule_AndFollowingItTrains(int rows, int batchSize, int packing, bool minibatchDiscrimination,
        GanNormalization discriminatorNormalization, GanNormalization generatorNormalization, string rule, string advice, bool failsInFit)
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, rows);
        var options = TestData.Tiny(steps: 5);
        options.Schedule.BatchSize = batchSize;
        options.Remedies.Packing.Degree = packing;
        options.Remedies.MinibatchDiscrimination.Enabled = minibatchDiscrimination;
        options.Networks.Discriminator.Normalization = discriminatorNormalization;
        options.Networks.Generator.Normalization = generatorNormalization;
        if (generatorNormalization == GanNormalization.BatchNorm && rows > 1)
            options.Remedies.MinibatchStandardDeviation.Enabled = false;

        // Rules on the options alone fail when the estimator is created (ArgumentException); rules that need the
        // training row count fail in Fit (InvalidOperationException).
        Exception ex = failsInFit
            ? Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(options).Fit(data))
            : Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, $"GanOptions.Schedule.BatchSize = {batchSize} does not fit");
        StringAssert.Contains(ex.Message, rule);
        StringAssert.Contains(ex.Message, advice);
        Follow(ex.Message, options);
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 10)).All(r => r.All(float.IsFinite)));
    }
}
