using MLGan.Benchmarks;

namespace MLGan.Tests.Diversity;

/// <summary>
/// More draws of every verdict case (about three minutes): fresh real rows are flagged no more often than the 5%
/// significance level allows, and every degraded sample is flagged. The 200-draw table is in benchmarks/RESULTS.md.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class VerdictCalibrationLongTests
{
    public static IEnumerable<object[]> RealCases => VerdictCase.All.Where(c => !c.Collapsed).Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> DegradedCases => VerdictCase.All.Where(c => c.Collapsed).Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(RealCases))]
    public void FreshRealRows_AreFlaggedAtMostAtTheSignificanceLevel(string name)
    {
        var verdictCase = VerdictCase.All.Single(c => c.Name == name);
        bool large = name.Contains("10,000") || name.Contains("20,000") || name.Contains("5-d") || name.Contains("monitor");
        int draws = large ? 4 : 30;
        var (flagged, report) = VerdictCalibrationTests.Flagged(verdictCase, draws);
        // At a 5% rate, P(X > limit) is below 2% for these draw counts (binomial).
        int limit = large ? 1 : 4;
        Assert.IsLessThanOrEqualTo(limit, flagged, report);
    }

    [TestMethod]
    [DynamicData(nameof(DegradedCases))]
    public void DegradedSamples_AreAlwaysFlagged(string name)
    {
        var verdictCase = VerdictCase.All.Single(c => c.Name == name);
        int draws = name.Contains("2% mode") ? 3 : 8;
        var (flagged, report) = VerdictCalibrationTests.Flagged(verdictCase, draws);
        Assert.AreEqual(draws, flagged, report);
    }
}
