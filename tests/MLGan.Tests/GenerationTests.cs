using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Tests;

[TestClass]
public sealed class GenerationTests
{
    private sealed class LatentRow
    {
        [VectorType(4)]
        public float[] Z { get; set; } = Array.Empty<float>();
    }

    private sealed class Output
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class Input
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    [TestMethod]
    public void Estimator_PassesConformanceChecks()
    {
        var ml = new MLContext(1);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } });
        using var model = EstimatorChecks.Run(ml.Gan().Trainers.Gan(TestData.Tiny()), TestData.Ring(ml, 300), invalid);
        Assert.AreEqual("Features", model.OutputColumnName);
    }

    [TestMethod]
    public void Generate_HasTrainingColumnNameAndType_AndCanBeAppendedToRealData()
    {
        var ml = new MLContext(1);
        var real = TestData.Ring(ml, 64);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(real);
        var synthetic = ml.Gan().Generate(model, 40, seed: 5);
        Assert.AreEqual(40L, synthetic.GetRowCount());
        Assert.AreEqual(real.Schema["Features"].Type, synthetic.Schema["Features"].Type);

        var combined = ml.Data.LoadFromEnumerable(
            ml.Data.CreateEnumerable<Input>(real, false).Concat(ml.Data.CreateEnumerable<Input>(synthetic, false)));
        Assert.AreEqual(104, combined.GetColumn<float[]>("Features").Count());
    }

    [TestMethod]
    public void Rows_DependOnlyOnSeedAndPosition()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(TestData.Ring(ml, 64));
        var many = TestData.ReadVectors(ml.Gan().Generate(model, 700, seed: 2));
        var few = TestData.ReadVectors(ml.Gan().Generate(model, 3, seed: 2));
        CollectionAssert.AreEqual(many.Take(3).SelectMany(r => r).ToArray(), few.SelectMany(r => r).ToArray());
        var other = TestData.ReadVectors(ml.Gan().Generate(model, 3, seed: 9));
        CollectionAssert.AreNotEqual(few.SelectMany(r => r).ToArray(), other.SelectMany(r => r).ToArray());
        Assert.AreEqual(700, many.Select(r => (r[0], r[1])).Distinct().Count(), "every row gets its own latent vector");
    }

    [TestMethod]
    public void Transform_AddsOneGeneratedRowPerInputRow_KeepingOtherColumns()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.OutputColumnName = "Synthetic";
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        var input = TestData.Ring(ml, 5, seed: 3);
        var output = model.Transform(input);
        Assert.AreEqual(5, TestData.ReadVectors(output, "Synthetic").Length);
        CollectionAssert.AreEqual(
            TestData.ReadVectors(input).SelectMany(r => r).ToArray(),
            TestData.ReadVectors(output).SelectMany(r => r).ToArray());
        var synthetic = TestData.ReadVectors(output, "Synthetic");
        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 5), "Synthetic");
        CollectionAssert.AreEqual(generated.SelectMany(r => r).ToArray(), synthetic.SelectMany(r => r).ToArray(),
            "Transform uses request seed 0, like Generate's default");
    }

    [TestMethod]
    public void Samples_AreInTheUsersUnits()
    {
        var ml = new MLContext(1);
        var rows = MLGan.Datasets.GaussianMixture.Ring().Sample(512, 1).Select(p => new[] { 1000 + 50 * p[0], -3 + 0.001f * p[1] });
        var options = TestData.Tiny(steps: 150);
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, rows));
        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 500));
        Assert.AreEqual(1000, generated.Average(r => r[0]), 50);
        Assert.AreEqual(-3, generated.Average(r => r[1]), 0.05);
    }

    [TestMethod]
    public void LatentColumn_DrivesTheGenerator()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.LatentColumnName = "Z";
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        var z = new[] { new float[] { 1, 0, 0, 0 }, new float[] { 0, 1, 0, 0 }, new float[] { 1, 0, 0, 0 } };
        var latents = ml.Data.LoadFromEnumerable(z.Select(v => new LatentRow { Z = v }));
        var rows = TestData.ReadVectors(model.Transform(latents));
        CollectionAssert.AreEqual(rows[0], rows[2], "same latent, same row");
        CollectionAssert.AreNotEqual(rows[0], rows[1]);

        // The row-at-a-time path agrees with the cursor path.
        var engine = ml.Model.CreatePredictionEngine<LatentRow, Output>(model);
        CollectionAssert.AreEqual(rows[1], engine.Predict(new LatentRow { Z = z[1] }).Features);
        // Without the latent column, latents come from the seed again.
        CollectionAssert.AreNotEqual(rows[0], TestData.ReadVectors(ml.Gan().Generate(model, 1))[0]);
    }

    [TestMethod]
    public void PredictionEngine_GivesTheRowsOfGenerate()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(TestData.Ring(ml, 64));
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        var predicted = Enumerable.Range(0, 4).Select(_ => engine.Predict(new Input { Features = new float[2] }).Features).ToArray();
        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 4));
        CollectionAssert.AreEqual(generated.SelectMany(r => r).ToArray(), predicted.SelectMany(r => r).ToArray());
    }

    [TestMethod]
    public void Chain_AfterNormalizer_SavesLoadsAndPredicts()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 128);
        var pipeline = ml.Transforms.NormalizeMinMax("Features").Append(ml.Gan().Trainers.Gan(TestData.Tiny()));
        var chain = pipeline.Fit(data);
        var expected = chain.Transform(data);

        var path = Path.Combine(Path.GetTempPath(), $"mlgan-chain-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(chain, data.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            EstimatorChecks.AssertSameValues(expected, loaded.Transform(data));
            CollectionAssert.AreEqual(
                TestData.ReadVectors(ml.Gan().Generate(chain, 6, seed: 4)).SelectMany(r => r).ToArray(),
                TestData.ReadVectors(ml.Gan().Generate(loaded, 6, seed: 4)).SelectMany(r => r).ToArray());
            var engine = ml.Model.CreatePredictionEngine<Input, Output>(loaded);
            var first = engine.Predict(new Input { Features = new float[] { 0.3f, 0.3f } }).Features;
            CollectionAssert.AreEqual(TestData.ReadVectors(expected)[0], first);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
