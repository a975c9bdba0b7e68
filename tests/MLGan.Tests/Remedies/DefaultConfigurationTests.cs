using MLGan.Benchmarks;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class DefaultConfigurationTests
{
    /// <summary>
    /// Users get the benchmark's best configuration without setting anything (issue: remedies, point 6). The whole
    /// option tree is compared (nested option objects, arrays, nulls), so regrouping options cannot hide a difference.
    /// </summary>
    [TestMethod]
    public void Defaults_AreTheBestBenchmarkConfiguration()
    {
        var best = Configurations.Create(Configurations.Best);
        var differences = OptionTree.Differences(expected: best, actual: new GanOptions()).ToList();
        Assert.AreEqual(0, differences.Count,
            $"The defaults differ from '{Configurations.Best}' in {differences.Count} members:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
    }

    [TestMethod]
    public void Baseline_IsAPlainGan()
    {
        var plain = Configurations.Baseline();
        Assert.AreEqual(GanLoss.NonSaturating, plain.Objective.Loss);
        Assert.IsFalse(plain.Remedies.MinibatchStandardDeviation.Enabled || plain.Remedies.MinibatchDiscrimination.Enabled || plain.Remedies.SpectralNorm.Enabled || plain.Schedule.LearningRateDecay);
        Assert.AreEqual(0, plain.Remedies.GeneratorEma.Decay + plain.Remedies.FeatureMatching.Weight + plain.Remedies.InstanceNoise.InitialStd + plain.Remedies.Unrolling.Steps + plain.Remedies.R1.Weight + plain.Remedies.Dragan.Weight);
        Assert.AreEqual(1, plain.Remedies.Packing.Degree);
        Assert.AreEqual(ModeNormalization.None, plain.ModeNormalization);
    }
}
