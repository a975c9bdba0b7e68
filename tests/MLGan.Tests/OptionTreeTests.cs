using MLGan.Diversity;

namespace MLGan.Tests;

/// <summary>
/// <see cref="OptionTree"/> really walks the option tree: it finds differences in nested members, nulls and array
/// elements, and visits every leaf of the default options, so a comparison built on it cannot silently compare nothing.
/// </summary>
[TestClass]
public sealed class OptionTreeTests
{
    [TestMethod]
    public void EqualTrees_HaveNoDifferences()
    {
        Assert.AreEqual("", string.Join(Environment.NewLine, OptionTree.Differences(new GanOptions(), new GanOptions())));
    }

    [TestMethod]
    public void FindsA_NestedMember()
    {
        var changed = new GanOptions();
        changed.Monitor!.Interval = 500;
        CollectionAssert.AreEqual(new[] { "GanOptions.Monitor.Interval: expected 1000, got 500" },
            OptionTree.Differences(new GanOptions(), changed).ToArray());
    }

    [TestMethod]
    public void FindsA_NullNestedObject_EitherWay()
    {
        var off = new GanOptions { Monitor = null };
        CollectionAssert.AreEqual(new[] { "GanOptions.Monitor: expected a CollapseMonitorOptions, got null" },
            OptionTree.Differences(new GanOptions(), off).ToArray());
        CollectionAssert.AreEqual(new[] { "GanOptions.Monitor: expected null, got a CollapseMonitorOptions" },
            OptionTree.Differences(off, new GanOptions()).ToArray());
    }

    [TestMethod]
    public void FindsAn_ArrayElement_AndALengthChange()
    {
        var changed = new GanOptions();
        changed.Networks.Generator.HiddenLayers[1] = 64;
        CollectionAssert.AreEqual(new[] { "GanOptions.Networks.Generator.HiddenLayers[1]: expected 128, got 64" },
            OptionTree.Differences(new GanOptions(), changed).ToArray());

        var longer = new GanOptions { Networks = { Discriminator = { HiddenLayers = new[] { 128, 128, 128, 128 } } } };
        var difference = OptionTree.Differences(new GanOptions(), longer).Single();
        StringAssert.StartsWith(difference, "GanOptions.Networks.Discriminator.HiddenLayers: expected 3 elements");
    }

    [TestMethod]
    public void Recurses_ThroughSeveralLevels_AndJaggedArrays()
    {
        static GanOptions WithCenters(float x)
        {
            var options = new GanOptions();
            options.Monitor!.Scoring = new DiversityScoringOptions { ModeCenters = new[] { new[] { 0f, 0f }, new[] { x, 1f } } };
            return options;
        }
        CollectionAssert.AreEqual(new[] { "GanOptions.Monitor.Scoring.ModeCenters[1][0]: expected 1, got 2.5" },
            OptionTree.Differences(WithCenters(1f), WithCenters(2.5f)).ToArray());
        Assert.AreEqual(0, OptionTree.Differences(WithCenters(1f), WithCenters(1f)).Count());
    }

    [TestMethod]
    public void ReportsEvery_Difference_WithDoublesAndStrings()
    {
        var changed = new GanOptions { Schedule = { Generator = { LearningRate = 2e-4 } }, Run = { Device = "cuda", Seed = 7 }, Objective = { Loss = GanLoss.Wasserstein } };
        CollectionAssert.AreEquivalent(new[]
        {
            "GanOptions.Objective.Loss: expected Hinge, got Wasserstein",
            "GanOptions.Schedule.Generator.LearningRate: expected 0.001, got 0.0002",
            "GanOptions.Run.Seed: expected null, got 7",
            "GanOptions.Run.Device: expected \"cpu\", got \"cuda\"",
        }, OptionTree.Differences(new GanOptions(), changed).ToArray());
    }

    [TestMethod]
    public void ComparesPublicSettableProperties_NotComputedOnes()
    {
        var expected = new WithProperties { Nested = new WithProperties { Steps = 5 } };
        var actual = new WithProperties { Nested = new WithProperties { Steps = 6 } };
        CollectionAssert.AreEqual(new[] { "Root.Nested.Steps: expected 5, got 6" },
            OptionTree.Differences(expected, actual, "Root").ToArray());
        CollectionAssert.AreEquivalent(new[] { "Root.Steps", "Root.Nested.Steps", "Root.Nested.Nested" },
            OptionTree.Leaves(expected, "Root").ToArray());
    }

    /// <summary>A regrouping that hid members from the walk (e.g. get-only nested objects) would drop this count.</summary>
    [TestMethod]
    public void VisitsEveryLeaf_OfTheDefaultOptions()
    {
        var leaves = OptionTree.Leaves(new GanOptions()).ToList();
        Assert.IsGreaterThan(40, leaves.Count, string.Join(Environment.NewLine, leaves));
        CollectionAssert.IsSubsetOf(new[]
        {
            "GanOptions.FeatureColumnName", "GanOptions.Objective.Loss", "GanOptions.Run.Seed", "GanOptions.Networks.Generator.HiddenLayers[2]",
            "GanOptions.Networks.Discriminator.HiddenLayers[0]", "GanOptions.Monitor.Interval", "GanOptions.Monitor.Scoring",
        }, leaves);
        CollectionAssert.AllItemsAreUnique(leaves);
    }

    private sealed class WithProperties
    {
        public int Steps { get; set; }

        public WithProperties? Nested { get; set; }

        public int Computed => Steps * 2;

        public int Hidden { get; private set; } = 3;
    }
}
