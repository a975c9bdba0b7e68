using MLGan.Benchmarks;

namespace MLGan.Tests.Remedies;

/// <summary>
/// The collapse benchmark's quick mode on the 25-Gaussian grid (a few minutes): MLGan's best configuration must
/// clearly beat the plain GAN baseline. The full 5-seed table is in benchmarks/RESULTS.md.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class CollapseProtocolLongTests
{
    [TestMethod]
    public void BestConfiguration_ClearlyBeatsTheBaselineOnTheGrid()
    {
        var (seeds, steps, rows, _) = CollapseBenchmark.Quick;
        using var protocol = new CollapseProtocol("grid", rows);
        var baseline = Enumerable.Range(1, seeds).Select(seed => protocol.Run("gan", seed, steps)).ToList();
        var best = Enumerable.Range(1, seeds).Select(seed => protocol.Run(Configurations.Best, seed, steps)).ToList();
        string report = $"baseline: {string.Join("; ", baseline)}\nbest: {string.Join("; ", best)}";
        Console.WriteLine(report);

        Assert.IsTrue(best.Average(r => r.Modes) >= baseline.Average(r => r.Modes) + 2, "more modes captured\n" + report);
        Assert.IsTrue(best.Average(r => r.HighQualityPercent) >= baseline.Average(r => r.HighQualityPercent) + 20, "more high-quality samples\n" + report);
        Assert.IsTrue(best.Average(r => r.ReverseKL) <= baseline.Average(r => r.ReverseKL) / 2, "a more even mode histogram\n" + report);
    }
}
