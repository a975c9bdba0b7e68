using MLGan.Benchmarks;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class DefaultConfigurationTests
{
    /// <summary>Users get the benchmark's best configuration without setting anything (issue: remedies, point 6).</summary>
    [TestMethod]
    public void Defaults_AreTheBestBenchmarkConfiguration()
    {
        var best = Configurations.Create(Configurations.Best);
        var defaults = new GanOptions();
        foreach (var field in typeof(GanOptions).GetFields().Where(f => f.FieldType.IsValueType || f.FieldType == typeof(string)))
            Assert.AreEqual(field.GetValue(defaults), field.GetValue(best), $"GanOptions.{field.Name}");
        CollectionAssert.AreEqual(defaults.GeneratorHiddenLayers, best.GeneratorHiddenLayers);
        CollectionAssert.AreEqual(defaults.DiscriminatorHiddenLayers, best.DiscriminatorHiddenLayers);
    }

    [TestMethod]
    public void Baseline_IsAPlainGan()
    {
        var plain = Configurations.Baseline();
        Assert.AreEqual(GanLoss.NonSaturating, plain.Loss);
        Assert.IsFalse(plain.MinibatchStandardDeviation || plain.MinibatchDiscrimination || plain.SpectralNorm || plain.LearningRateDecay);
        Assert.AreEqual(0, plain.GeneratorEmaDecay + plain.FeatureMatchingWeight + plain.InstanceNoise + plain.UnrolledSteps + plain.R1PenaltyWeight + plain.DraganPenaltyWeight);
        Assert.AreEqual(1, plain.PackingDegree);
    }
}
