using MLGan.Benchmarks;

namespace MLGan.Tests.Remedies;

/// <summary>
/// The automatic remedy on a collapse-prone run (the benchmark's "Automatic remedy" rows, one seed): a plain GAN that
/// collapses on the ring by itself must end with every mode and an even histogram once <see cref="CollapsePolicy.Escalate"/>
/// is on, within twice its planned steps. A ladder that stops rescuing it fails CI.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class EscalateLongTests
{
    [TestMethod]
    public void APlainGanOnTheRing_EndsWithEveryMode_WhenEscalateIsOn()
    {
        using var protocol = new CollapseProtocol("ring", 100_000);
        var result = protocol.Run("gan+escalate", seed: 1, steps: 6000);
        string report = $"{result}; {result.StepsRun} steps run; changes: {string.Join("; ", result.Changes)}";
        Console.WriteLine(report);
        Assert.AreEqual(8, result.Modes, report);
        Assert.IsTrue(result.ReverseKL <= 0.1, report);
        Assert.IsTrue(result.Changes.Count > 0, "the plain GAN collapses by itself, so the policy must have acted\n" + report);
        Assert.IsTrue(result.StepsRun <= 12_000, report);
    }
}
