using Microsoft.ML;
using MLGan.MLNetInternals;
using Microsoft.ML.Data;

namespace MLGan.Tests;

/// <summary>Every kind of bad input fails with a message that says what is wrong and how to fix it.</summary>
[TestClass]
public sealed class BadInputTests
{
    private sealed class TextRow
    {
        public string Features { get; set; } = "";
    }

    private sealed class ScalarRow
    {
        public float Features { get; set; }
    }

    private sealed class VariableRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private static T Fails<T>(Action action, params string[] fragments) where T : Exception
    {
        var ex = Assert.ThrowsExactly<T>(action);
        foreach (var fragment in fragments)
            StringAssert.Contains(ex.Message, fragment);
        return ex;
    }

    private static GanEstimator Estimator(MLContext ml, GanOptions? options = null) => ml.Gan().Trainers.Gan(options ?? TestData.Tiny());

    [TestMethod]
    public void MissingColumn()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 64);
        var options = TestData.Tiny();
        options.FeatureColumnName = "Pixels";
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml, options).Fit(data), "'Pixels' was not found", "'Features'", "FeatureColumnName");
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml, options).GetOutputSchema(SchemaShapes.From(data.Schema)), "'Pixels' was not found");
    }

    [TestMethod]
    public void WrongType_Text()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Features = "a" } });
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml).Fit(data), "has type String", "vector of Single", "Concatenate");
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml).GetOutputSchema(SchemaShapes.From(data.Schema)), "vector of Single");
    }

    [TestMethod]
    public void WrongType_Scalar()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new ScalarRow { Features = 1 } });
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml).Fit(data), "has type Single", "Concatenate");
    }

    [TestMethod]
    public void VariableSizeVectors()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new VariableRow { Features = new float[] { 1, 2 } }, new VariableRow { Features = new float[] { 1 } } });
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml).Fit(data), "variable-size vector", "same length");
        Fails<ArgumentOutOfRangeException>(() => Estimator(ml).GetOutputSchema(SchemaShapes.From(data.Schema)), "variable-size vector");
    }

    [TestMethod]
    [DataRow(float.NaN, "missing (NaN)")]
    [DataRow(float.PositiveInfinity, "infinite")]
    public void NonFiniteValues(float bad, string kind)
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 64).Select(i => new[] { (float)i, 1f }).ToList();
        rows[17] = new[] { 1f, bad };
        var ex = Fails<InvalidOperationException>(() => Estimator(ml).Fit(TestData.Rows(ml, rows)), "Row 17", kind, "slot 1", float.IsNaN(bad) ? "ReplaceMissingValues(" : "Expression(");
        Assert.IsNotNull(ex);
    }

    [TestMethod]
    public void EmptyData()
    {
        var ml = new MLContext(1);
        Fails<InvalidOperationException>(() => Estimator(ml).Fit(TestData.Rows(ml, Array.Empty<float[]>())), "no rows");
    }

    [TestMethod]
    public void FewerRowsThanABatch()
    {
        var ml = new MLContext(1);
        Fails<InvalidOperationException>(() => Estimator(ml).Fit(TestData.Ring(ml, 20)), "BatchSize = 32 does not fit", "at most the number of training rows (20)", "Use Schedule.BatchSize = 20");
    }

    [TestMethod]
    public void InvalidOptions_NameTheOption()
    {
        var ml = new MLContext(1);
        (Action<GanOptions> Break, string Option)[] cases =
        {
            (o => o.Schedule.BatchSize = 0, "Schedule.BatchSize"),
            (o => o.Schedule.Epochs = -1, "Schedule.Epochs"),
            (o => o.Schedule.MaxSteps = 0, "Schedule.MaxSteps"),
            (o => o.Networks.LatentDimension = 0, "Networks.LatentDimension"),
            (o => o.Networks.Generator.HiddenLayers = new[] { 8, 0 }, "Networks.Generator.HiddenLayers[1]"),
            (o => o.Networks.Discriminator.HiddenLayers = null!, "Networks.Discriminator.HiddenLayers"),
            (o => o.Schedule.Generator.LearningRate = 0, "Schedule.Generator.LearningRate"),
            (o => o.Schedule.Discriminator.LearningRate = double.NaN, "Schedule.Discriminator.LearningRate"),
            (o => o.Schedule.Generator.Beta1 = 1, "Schedule.Generator.Beta1"),
            (o => o.Schedule.Discriminator.Beta2 = -0.1, "Schedule.Discriminator.Beta2"),
            (o => o.Schedule.DiscriminatorStepsPerGeneratorStep = 0, "Schedule.DiscriminatorStepsPerGeneratorStep"),
            (o => o.Objective.Loss = (GanLoss)99, "Objective.Loss"),
            (o => o.Run.Device = "tpu", "Run.Device"),
            (o => o.Run.NumberOfThreads = 0, "Run.NumberOfThreads"),
            (o => o.FeatureColumnName = " ", "FeatureColumnName"),
            (o => { o.Objective.Loss = GanLoss.WassersteinGP; o.Objective.GradientPenaltyWeight = -1; }, "Objective.GradientPenaltyWeight"),
            (o => { o.Objective.Loss = GanLoss.Wasserstein; o.Objective.WeightClipValue = 0; }, "Objective.WeightClipValue"),
        };
        foreach (var (breakIt, option) in cases)
        {
            var options = TestData.Tiny();
            breakIt(options);
            var ex = Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(options), $"expected a failure for {option}");
            StringAssert.Contains(ex.Message, $"GanOptions.{option}");
        }
    }

    [TestMethod]
    public void CudaRequestedWithoutCuda()
    {
        if (TorchSharp.torch.cuda.is_available())
            Assert.Inconclusive("This machine has CUDA; the error path cannot be reached here.");
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Run.Device = "cuda";
        Fails<InvalidOperationException>(() => Estimator(ml, options).Fit(TestData.Ring(ml, 64)), "CUDA is not available", "MLGanTorchBackend=cuda", "\"auto\"");
    }

    [TestMethod]
    public void DivergenceDuringTraining()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 200);
        options.Objective.Loss = GanLoss.LeastSquares;
        options.Schedule.Generator.LearningRate = options.Schedule.Discriminator.LearningRate = 1e30;
        Fails<GanTrainingDivergedException>(() => Estimator(ml, options).Fit(TestData.Ring(ml, 64)), "diverged", "learning rates");
    }

    [TestMethod]
    public void LatentColumnOfWrongSize()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.LatentColumnName = "Features";
        using var latentModel = Estimator(ml, options).Fit(TestData.Ring(ml, 64)); // latent dimension 4
        Fails<ArgumentOutOfRangeException>(() => latentModel.Transform(TestData.Ring(ml, 3)), "latent column 'Features' has 2 values", "expects 4");
    }

    [TestMethod]
    public void GenerateArguments()
    {
        var ml = new MLContext(1);
        using var model = Estimator(ml).Fit(TestData.Ring(ml, 64));
        Fails<ArgumentOutOfRangeException>(() => ml.Gan().Generate(model, 0), "positive number of rows");
        var normalizer = ml.Transforms.NormalizeMinMax("Features").Fit(TestData.Ring(ml, 64));
        Fails<ArgumentException>(() => ml.Gan().Generate(normalizer, 5), "contains no GanTransformer");
    }

    [TestMethod]
    public void WrongGetterType()
    {
        var ml = new MLContext(1);
        using var model = Estimator(ml).Fit(TestData.Ring(ml, 64));
        var view = ml.Gan().Generate(model, 3);
        using var cursor = view.GetRowCursor(view.Schema);
        cursor.MoveNext();
        Fails<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema["Features"]), "VBuffer<float>");
    }
}
