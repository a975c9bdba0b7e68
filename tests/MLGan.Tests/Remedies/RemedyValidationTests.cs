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
        string message = Reject(o => { o.Networks.Discriminator.Normalization = GanNormalization.BatchNorm; o.Remedies.R1.Weight = 1; });
        StringAssert.Contains(message, "GanOptions.Networks.Discriminator.Normalization = BatchNorm does not combine with GanOptions.Remedies.R1.Weight");
        StringAssert.Contains(message, "Use Networks.Discriminator.Normalization = LayerNorm");
    }

    [TestMethod]
    public void SpectralNorm_WithWeightClipping_IsRejected()
        => StringAssert.Contains(Reject(o => { o.Remedies.SpectralNorm.Enabled = true; o.Objective.Loss = GanLoss.Wasserstein; }), "use one");

    [TestMethod]
    public void LabelSmoothing_WithoutLabels_IsRejected()
        => StringAssert.Contains(Reject(o => { o.Remedies.LabelSmoothing.Amount = 0.1; o.Objective.Loss = GanLoss.Hinge; }), "GanOptions.Objective.Loss = Hinge has no real/fake targets");

    [TestMethod]
    public void MinibatchLayers_NeedMoreThanOneDiscriminatorRow()
        => StringAssert.Contains(Reject(o => { o.Remedies.MinibatchStandardDeviation.Enabled = true; o.Remedies.Packing.Degree = 32; }), "at least 2 discriminator rows per batch, i.e. at least 2 x Remedies.Packing.Degree = 64, because Remedies.MinibatchStandardDeviation compares the rows of a batch");

    [TestMethod]
    public void FeatureMatching_NeedsAHiddenLayer()
        => StringAssert.Contains(Reject(o => { o.Remedies.FeatureMatching.Weight = 1; o.Networks.Discriminator.HiddenLayers = Array.Empty<int>(); }), "GanOptions.Networks.Discriminator.HiddenLayers is empty");

    [TestMethod]
    [DataRow("Remedies.Unrolling.Steps")]
    [DataRow("Networks.Discriminator.Dropout")]
    [DataRow("Remedies.LabelSmoothing.Amount")]
    [DataRow("Remedies.GeneratorEma.Decay")]
    [DataRow("Remedies.InstanceNoise.InitialStd")]
    [DataRow("Remedies.R1.Weight")]
    public void OutOfRangeRemedyValues_NameTheOption(string option)
    {
        var options = TestData.Tiny();
        object owner = options;
        var names = option.Split('.');
        foreach (var name in names[..^1])
            owner = owner.GetType().GetField(name)!.GetValue(owner)!;
        var field = owner.GetType().GetField(names[^1])!;
        field.SetValue(owner, field.FieldType == typeof(int) ? (object)-1 : -0.5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, $"GanOptions.{option}");
    }

    [TestMethod]
    public void NullOptionGroups_NameTheGroup()
    {
        (Action<GanOptions> Break, string Option)[] cases =
        {
            (o => o.Remedies.Unrolling = null!, "GanOptions.Remedies.Unrolling"),
            (o => o.Schedule.Generator = null!, "GanOptions.Schedule.Generator"),
            (o => o.Networks = null!, "GanOptions.Networks"),
            (o => o.Run = null!, "GanOptions.Run"),
        };
        foreach (var (breakIt, option) in cases)
        {
            var options = TestData.Tiny();
            breakIt(options);
            var ex = Assert.ThrowsExactly<ArgumentNullException>(() => new MLContext(1).Gan().Trainers.Gan(options), option);
            StringAssert.Contains(ex.Message, option + " must be set");
        }
    }
}
