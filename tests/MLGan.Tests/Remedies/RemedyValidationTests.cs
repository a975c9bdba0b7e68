using Microsoft.ML;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class RemedyValidationTests
{
    private static string Reject(Action<GanOptions> configure)
    {
        var options = TestData.Tiny();
        configure(options);
        return Assert.Throws<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options)).Message;
    }

    [TestMethod]
    public void BatchNormDiscriminator_WithAGradientPenalty_IsRejected()
    {
        string message = Reject(o => { o.DiscriminatorNormalization = GanNormalization.BatchNorm; o.R1PenaltyWeight = 1; });
        StringAssert.Contains(message, "DiscriminatorNormalization = BatchNorm does not combine with R1PenaltyWeight");
        StringAssert.Contains(message, "Use DiscriminatorNormalization = LayerNorm");
    }

    [TestMethod]
    public void SpectralNorm_WithWeightClipping_IsRejected()
        => StringAssert.Contains(Reject(o => { o.SpectralNorm = true; o.Loss = GanLoss.Wasserstein; }), "use one");

    [TestMethod]
    public void LabelSmoothing_WithoutLabels_IsRejected()
        => StringAssert.Contains(Reject(o => { o.RealLabelSmoothing = 0.1; o.Loss = GanLoss.Hinge; }), "GanOptions.Loss = Hinge has no labels");

    [TestMethod]
    public void MinibatchLayers_NeedMoreThanOneDiscriminatorRow()
        => StringAssert.Contains(Reject(o => { o.MinibatchStandardDeviation = true; o.PackingDegree = 32; }), "at least 2 discriminator rows per batch, i.e. at least 2 x PackingDegree = 64, because MinibatchStandardDeviation compares the rows of a batch");

    [TestMethod]
    public void FeatureMatching_NeedsAHiddenLayer()
        => StringAssert.Contains(Reject(o => { o.FeatureMatchingWeight = 1; o.DiscriminatorHiddenLayers = Array.Empty<int>(); }), "DiscriminatorHiddenLayers is empty");

    [TestMethod]
    [DataRow(nameof(GanOptions.UnrolledSteps))]
    [DataRow(nameof(GanOptions.DiscriminatorDropout))]
    [DataRow(nameof(GanOptions.RealLabelSmoothing))]
    [DataRow(nameof(GanOptions.GeneratorEmaDecay))]
    [DataRow(nameof(GanOptions.InstanceNoise))]
    [DataRow(nameof(GanOptions.R1PenaltyWeight))]
    public void OutOfRangeRemedyValues_NameTheOption(string option)
    {
        var options = TestData.Tiny();
        var field = typeof(GanOptions).GetField(option)!;
        field.SetValue(options, field.FieldType == typeof(int) ? (object)-1 : -0.5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, $"GanOptions.{option}");
    }
}
