using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Tests;

/// <summary>Conditional generation (CGAN): labels of every kind, generation per label, persistence and errors.</summary>
[TestClass]
public sealed class ConditionalTests
{
    private static readonly string[] BlobNames = { "west", "east", "north" };

    /// <summary>Three blobs labelled by blob, in the blob order of <see cref="TestData.ThreeBlobs"/>.</summary>
    private static IDataView LabelledBlobs(MLContext ml, int count = 3000)
        => ml.Data.LoadFromEnumerable(TestData.ThreeBlobs.Sample(count, seed: 2)
            .Select(p => new TestData.LabeledRow2 { Features = p, Label = BlobNames[TestData.NearestBlob(p).Blob] }));

    private static GanOptions Conditional(int steps) => new()
    {
        LabelColumnName = "Label",
        Networks = { LatentDimension = 4, Generator = { HiddenLayers = new[] { 64, 64 } }, Discriminator = { HiddenLayers = new[] { 64, 64 } } },
        Schedule = { BatchSize = 64, MaxSteps = steps },
        Run = { Seed = 3, ReportInterval = 100 },
        Monitor = null,
    };

    [TestMethod]
    public void EachLabel_GeneratesRowsOfItsOwnBlob()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(Conditional(600)).Fit(LabelledBlobs(ml));
        CollectionAssert.AreEqual(new[] { "east", "north", "west" }, model.Labels!.ToArray()); // text labels: ordinal order
        var generated = ml.Gan().GenerateForLabels(model, 100, seed: 5);
        var labels = generated.GetColumn<string>("Label").ToArray();
        var rows = TestData.ReadVectors(generated);
        Assert.HasCount(300, rows);
        foreach (var name in BlobNames)
        {
            var own = Enumerable.Range(0, rows.Length).Where(i => labels[i] == name).ToList();
            Assert.HasCount(100, own);
            double share = own.Average(i => BlobNames[TestData.NearestBlob(rows[i]).Blob] == name ? 1.0 : 0);
            Assert.IsGreaterThanOrEqualTo(0.9, share, $"rows asked for '{name}' that land on its blob: {share:P0}");
        }
    }

    [TestMethod]
    public void Transform_GeneratesEachRowForItsOwnLabel_AsGenerateForLabelsDoes()
    {
        var ml = new MLContext(1);
        var data = LabelledBlobs(ml, 200);
        using var model = ml.Gan().Trainers.Gan(Conditional(20)).Fit(data);
        var someRows = ml.Data.TakeRows(data, 7);
        var labels = someRows.GetColumn<string>("Label").ToArray();
        var viaTransform = TestData.ReadVectors(model.Transform(someRows, requestSeed: 3));
        var viaLabels = TestData.ReadVectors(ml.Gan().GenerateForLabels(model, labels, seed: 3));
        CollectionAssert.AreEqual(viaTransform.SelectMany(r => r).ToArray(), viaLabels.SelectMany(r => r).ToArray());
    }

    private sealed class KeyRow
    {
        [VectorType(2)] public float[] Features = Array.Empty<float>();
        public string Name = "";
    }

    private sealed class BoolRow
    {
        [VectorType(2)] public float[] Features = Array.Empty<float>();
        public bool Label;
    }

    private sealed class IntRow
    {
        [VectorType(2)] public float[] Features = Array.Empty<float>();
        public int Label;
    }

    private sealed class FloatRow
    {
        [VectorType(2)] public float[] Features = Array.Empty<float>();
        public float Label;
    }

    [TestMethod]
    [DataRow("key")]
    [DataRow("bool")]
    [DataRow("int")]
    [DataRow("float")]
    public void EveryLabelKind_TrainsAndGeneratesLabelsOfTheTrainingType(string kind)
    {
        var ml = new MLContext(1);
        var points = TestData.ThreeBlobs.Sample(300, seed: 2);
        int Blob(float[] p) => TestData.NearestBlob(p).Blob;
        IDataView data = kind switch
        {
            // A key column with key values, as MapValueToKey makes it (keys ordered by first appearance).
            "key" => ml.Transforms.Conversion.MapValueToKey("Label", "Name").Fit(ml.Data.LoadFromEnumerable(points.Select(p => new KeyRow { Features = p, Name = BlobNames[Blob(p)] })))
                .Transform(ml.Data.LoadFromEnumerable(points.Select(p => new KeyRow { Features = p, Name = BlobNames[Blob(p)] }))),
            "bool" => ml.Data.LoadFromEnumerable(points.Select(p => new BoolRow { Features = p, Label = Blob(p) == 0 })),
            "int" => ml.Data.LoadFromEnumerable(points.Select(p => new IntRow { Features = p, Label = 10 * Blob(p) - 5 })),
            _ => ml.Data.LoadFromEnumerable(points.Select(p => new FloatRow { Features = p, Label = Blob(p) / 2f })),
        };
        using var model = ml.Gan().Trainers.Gan(Conditional(10)).Fit(data);
        string[] expected = kind switch
        {
            "key" => KeyValues(data.Schema["Label"]),
            "bool" => new[] { "False", "True" },
            "int" => new[] { "-5", "5", "15" },
            _ => new[] { "0", "0.5", "1" },
        };
        CollectionAssert.AreEqual(expected, model.Labels!.ToArray());

        var generated = ml.Gan().GenerateForLabels(model, 2);
        Assert.AreEqual(data.Schema["Label"].Type, generated.Schema["Label"].Type);
        if (kind == "key")
            CollectionAssert.AreEqual(KeyValues(data.Schema["Label"]), KeyValues(generated.Schema["Label"]));
        // The generated rows carry the labels they were generated for, and feed the model again.
        var again = TestData.ReadVectors(model.Transform(generated, requestSeed: 0));
        CollectionAssert.AreEqual(TestData.ReadVectors(generated).SelectMany(r => r).ToArray(), again.SelectMany(r => r).ToArray());
    }

    private static string[] KeyValues(DataViewSchema.Column column)
    {
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }

    [TestMethod]
    public void AnUnknownLabel_IsAnErrorThatListsTheKnownOnes()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(Conditional(5)).Fit(LabelledBlobs(ml, 200));
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().GenerateForLabels(model, new[] { "east", "south" }));
        StringAssert.Contains(error.Message, "'south'");
        StringAssert.Contains(error.Message, "'east', 'north', 'west'");

        var unseen = ml.Data.LoadFromEnumerable(new[] { new TestData.LabeledRow2 { Features = new[] { 0f, 0f }, Label = "south" } });
        var transformError = Assert.ThrowsExactly<ArgumentException>(() => TestData.ReadVectors(model.Transform(unseen)));
        StringAssert.Contains(transformError.Message, "The label 'south' in the input was not seen in training");
        StringAssert.Contains(transformError.Message, "'east', 'north', 'west'");
    }

    [TestMethod]
    public void GenerateAndGenerateForLabels_PointToEachOtherForTheWrongKindOfModel()
    {
        var ml = new MLContext(1);
        using var conditional = ml.Gan().Trainers.Gan(Conditional(5)).Fit(LabelledBlobs(ml, 200));
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Generate(conditional, 10));
        StringAssert.Contains(error.Message, "GenerateForLabels");
        using var plain = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 5)).Fit(TestData.Ring(ml, 64));
        error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().GenerateForLabels(plain, 3));
        StringAssert.Contains(error.Message, "Generate(model, count)");
        Assert.IsNull(plain.Labels);
    }

    [TestMethod]
    public void ConditionalModel_RoundTripsThroughAZip()
    {
        var ml = new MLContext(1);
        var data = LabelledBlobs(ml, 200);
        using var model = ml.Gan().Trainers.Gan(Conditional(10)).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-cgan-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Model.Load(path, out _);
            CollectionAssert.AreEqual(model.Labels!.ToArray(), loaded.Labels!.ToArray());
            Assert.AreEqual("Label", loaded.LabelColumnName);
            EstimatorChecks.AssertSameValues(ml.Gan().GenerateForLabels(model, 5, seed: 2), ml.Gan().GenerateForLabels(loaded, 5, seed: 2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("mad-gan", "MultipleGenerators")]
    [DataRow("veegan", "Reconstructor")]
    [DataRow("ebgan", "EnergyBased")]
    public void MethodsWithUnconditionalPlayers_AreRefused(string method, string named)
    {
        var options = Conditional(5);
        switch (method)
        {
            case "mad-gan": options.Remedies.MultipleGenerators.Count = 2; break;
            case "veegan": options.Remedies.Reconstructor.Enabled = true; break;
            default: options.Remedies.EnergyBased.Enabled = true; options.Remedies.MinibatchStandardDeviation.Enabled = false; break;
        }
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(error.Message, named);
        StringAssert.Contains(error.Message, "LabelColumnName");
    }

    [TestMethod]
    public void MissingLabelsAndAMissingColumn_AreNamed()
    {
        var ml = new MLContext(1);
        var rows = TestData.ThreeBlobs.Sample(100, seed: 2).Select(p => new FloatRow { Features = p, Label = 1 }).ToList();
        rows[17].Label = float.NaN;
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(Conditional(5)).Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "Row 17");
        StringAssert.Contains(error.Message, "'Label'");

        var options = Conditional(5);
        options.LabelColumnName = "Digit";
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Trainers.Gan(options).Fit(LabelledBlobs(ml, 100)));
        StringAssert.Contains(missing.Message, "'Digit' was not found");
        StringAssert.Contains(missing.Message, "'Label'");
    }

    [TestMethod]
    public void EmptyTextLabels_FollowingTheAdvice_Train()
    {
        var ml = new MLContext(1);
        var rows = TestData.ThreeBlobs.Sample(120, seed: 2).Select((p, i) => new TestData.LabeledRow2 { Features = p, Label = i % 7 == 5 ? "" : BlobNames[TestData.NearestBlob(p).Blob] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(Conditional(5)).Fit(data));
        StringAssert.Contains(error.Message, "Row 5 (counting from 0)");
        StringAssert.Contains(error.Message, "empty text");
        // The advice, literally: a key column made from the text, rows with a missing key dropped.
        data = ml.Data.FilterRowsByMissingValues(ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data), "Label");
        using var model = ml.Gan().Trainers.Gan(Conditional(5)).Fit(data);
        Assert.HasCount(3, model.Labels!);
    }

    [TestMethod]
    public void AContinuousLabel_GetsAWarningToBinIt()
    {
        var ml = new MLContext(1);
        var rows = TestData.ThreeBlobs.Sample(200, seed: 2).Select((p, i) => new FloatRow { Features = p, Label = i * 0.37f }).ToList();
        var warnings = new List<string>();
        using var model = ml.Gan().Trainers.Gan(Conditional(5), new OnReport(p => warnings.AddRange(p.Warnings))).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.IsTrue(warnings.Any(w => w.Contains("200 distinct values over 200 rows") && w.Contains("bin it")), string.Join("\n", warnings));
    }

    [TestMethod]
    public void AnOutputColumnNamedLikeTheLabels_IsRefused()
    {
        var options = Conditional(5);
        options.OutputColumnName = "Label";
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(error.Message, "hide their labels");
    }

    [TestMethod]
    [DataRow("plain")]
    [DataRow("packing + r1")]
    [DataRow("feature matching")]
    public void ConditionalDcgan_GeneratesDigitImagesPerLabel(string remedies)
    {
        var ml = new MLContext(1);
        var options = Images.ImageData.QuickDcgan(steps: 3);
        options.LabelColumnName = "Label";
        if (remedies == "packing + r1")
        {
            options.Remedies.Packing.Degree = 2;
            options.Remedies.R1.Weight = 1;
        }
        else if (remedies == "feature matching")
            options.Remedies.FeatureMatching.Weight = 1;
        using var model = ml.Gan().Trainers.Gan(options).Fit(Images.ImageData.Digits(ml, 128));
        StringAssert.Contains(model.GeneratorArchitecture, "conditioned on 10 classes");
        var generated = ml.Gan().GenerateForLabels(model, new[] { "3", "7", "7" });
        CollectionAssert.AreEqual(new uint[] { 4, 8, 8 }, generated.GetColumn<uint>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { 1, 28, 28 }, ((VectorDataViewType)generated.Schema["Features"].Type).Dimensions.ToArray());
        Assert.IsTrue(TestData.ReadVectors(generated).SelectMany(r => r).All(v => v is >= 0 and <= 1));
    }
}
