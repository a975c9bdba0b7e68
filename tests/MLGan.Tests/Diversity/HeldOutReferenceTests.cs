using Microsoft.ML;

namespace MLGan.Tests.Diversity;

/// <summary><c>GanEstimator.Fit(data, validationData)</c>: the collapse monitor scores against held-out rows.</summary>
[TestClass]
public sealed class HeldOutReferenceTests
{
    private static IEnumerable<float[]> Blob(int count, int seed, float shift)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return new[] { shift + (float)random.NextDouble() * 2 - 1, shift + (float)random.NextDouble() * 2 - 1 };
    }

    private static GanOptions Monitored()
    {
        var options = TestData.Tiny(steps: 40);
        options.Monitor = new CollapseMonitorOptions { Interval = 40, SampleSize = 200, ReferenceSize = 300, WarmupFraction = 0 };
        return options;
    }

    [TestMethod]
    public void Monitor_ScoresAgainstTheValidationRows()
    {
        var ml = new MLContext(1);
        var training = TestData.Rows(ml, Blob(400, 1, 0));
        using var own = ml.Gan().Trainers.Gan(Monitored()).Fit(training);
        using var shifted = ml.Gan().Trainers.Gan(Monitored()).Fit(training, TestData.Rows(ml, Blob(300, 2, 50)));

        var ownCheck = own.TrainingHistory[^1].Diversity!;
        var shiftedCheck = shifted.TrainingHistory[^1].Diversity!;
        Assert.IsTrue(ownCheck.FrechetDistance < 50, ownCheck.ToString());
        Assert.IsTrue(shiftedCheck.FrechetDistance > 2000, "samples near the training blob are ~70 units from the held-out blob: " + shiftedCheck);
        Assert.AreEqual(0, shiftedCheck.Precision);
    }

    [TestMethod]
    public void ValidationData_WithTooFewRows_IsRejected()
    {
        var ml = new MLContext(1);
        var ex = Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(Monitored()).Fit(TestData.Rows(ml, Blob(400, 1, 0)), TestData.Rows(ml, Blob(3, 2, 0))));
        StringAssert.Contains(ex.Message, "The validation data has 3 rows");
    }

    [TestMethod]
    public void ValidationData_WithNaN_SaysItIsTheValidationData()
    {
        var ml = new MLContext(1);
        var bad = Blob(20, 2, 0).Append(new[] { float.NaN, 0f });
        var ex = Assert.Throws<InvalidOperationException>(() => ml.Gan().Trainers.Gan(Monitored()).Fit(TestData.Rows(ml, Blob(400, 1, 0)), TestData.Rows(ml, bad)));
        StringAssert.Contains(ex.Message, "Row 20 of the validation data's feature column 'Features'");
    }

    [TestMethod]
    public void ValidationData_OfAnotherWidth_IsRejected()
    {
        var ml = new MLContext(1);
        var wide = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new Row3 { Features = new float[] { i, i, i } }));
        var ex = Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(Monitored()).Fit(TestData.Rows(ml, Blob(400, 1, 0)), wide));
        StringAssert.Contains(ex.Message, "has 3 values per row, the training data's 2");
    }

    private sealed class Row3
    {
        [Microsoft.ML.Data.VectorType(3)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
