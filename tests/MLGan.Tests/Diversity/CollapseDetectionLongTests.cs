using Microsoft.ML;
using MLGan.Datasets;

namespace MLGan.Tests.Diversity;

/// <summary>
/// Real training runs on the 8-Gaussian ring (about a minute each): the collapse monitor, with its defaults
/// (k-means modes found on a sample of the training data), flags a collapse-prone configuration and not a
/// healthy one. The rates over seeds are in benchmarks/RESULTS.md (detection benchmark).
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class CollapseDetectionLongTests
{
    private static GanTransformer Train(Action<GanOptions> configure, int seed)
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, GaussianMixture.Ring().Sample(10_000, seed: 1)); // as the detection benchmark
        var options = new GanOptions { MaxSteps = 8_000, Epochs = int.MaxValue / 4, Seed = seed, NumberOfThreads = 1, ReportInterval = 1_000 };
        configure(options);
        return ml.Gan().Trainers.Gan(options).Fit(data);
    }

    [TestMethod]
    public void CollapseProneRun_IsFlaggedDuringTraining()
    {
        // The original minimax game against a wider discriminator learning 4x faster.
        using var model = Train(o =>
        {
            o.Loss = GanLoss.Minimax;
            o.DiscriminatorHiddenLayers = new[] { 256, 256, 256 };
            o.DiscriminatorLearningRate = 4 * o.GeneratorLearningRate;
        }, seed: 1);
        var final = model.TrainingHistory[^1].Diversity!;
        Assert.IsTrue(final.IsCollapsed, final.ToString());
        Assert.IsTrue(model.TrainingHistory.Any(h => h.Warnings.Any(w => w.StartsWith("collapse confirmed"))));
    }

    [TestMethod]
    public void HealthyRun_IsNotFlagged()
    {
        // Hinge loss, Adam 1e-3 with betas (0.5, 0.9), packing 2.
        using var model = Train(o =>
        {
            o.Loss = GanLoss.Hinge;
            o.GeneratorLearningRate = o.DiscriminatorLearningRate = 1e-3;
            o.GeneratorBeta2 = o.DiscriminatorBeta2 = 0.9;
            o.PackingDegree = 2;
        }, seed: 1);
        var final = model.TrainingHistory[^1].Diversity!;
        Assert.IsFalse(final.IsCollapsed, final.ToString());
    }
}
