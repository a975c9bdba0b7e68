using MLGan.Benchmarks;

namespace MLGan.Tests.Diversity;

/// <summary>
/// Real training runs on the 8-Gaussian ring (about a minute each): the collapse monitor, with its defaults
/// (k-means modes found on a sample of the training data), flags a collapse-prone configuration and not a
/// healthy one. The configurations and the rates over seeds are the detection benchmark's (benchmarks/RESULTS.md).
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class CollapseDetectionLongTests
{
    private static GanTransformer Train(string configuration, int seed)
    {
        using var protocol = new CollapseProtocol("ring", DetectionBenchmark.Rows);
        return protocol.Train(DetectionBenchmark.Options(configuration, seed, DetectionBenchmark.Steps));
    }

    [TestMethod]
    public void CollapseProneRun_IsFlaggedDuringTraining()
    {
        using var model = Train(DetectionBenchmark.CollapseProne, seed: 1);
        var final = model.TrainingHistory[^1].Diversity!;
        Assert.IsTrue(final.IsCollapsed, final.ToString());
        Assert.IsTrue(model.TrainingHistory.Any(h => h.Warnings.Any(w => w.StartsWith("collapse confirmed"))));
    }

    [TestMethod]
    public void HealthyRun_IsNotFlagged()
    {
        using var model = Train(DetectionBenchmark.Healthy, seed: 1);
        var final = model.TrainingHistory[^1].Diversity!;
        Assert.IsFalse(final.IsCollapsed, final.ToString());
    }
}
