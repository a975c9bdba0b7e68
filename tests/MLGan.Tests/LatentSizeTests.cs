using Microsoft.ML;
using MLGan.Data;

namespace MLGan.Tests;

/// <summary>The generator's latent size when <see cref="GanNetworkOptions.LatentDimension"/> is unset.</summary>
[TestClass]
public sealed class LatentSizeTests
{
    [TestMethod]
    public void Unset_GivesVectorRowsOneAndAHalfTimesTheirValues_InMultiplesOf8_From16To64()
    {
        var unset = new GanNetworkOptions();
        Assert.IsNull(unset.LatentDimension);
        int[] sizes = { 1, 2, 10, 11, 16, 20, 42, 43, 784 };
        int[] expected = { 16, 16, 16, 24, 24, 32, 64, 64, 64 }; // 1.5 d = 16.5 → 24, 30 → 32, 63 → 64, 64.5 → 72 → 64
        CollectionAssert.AreEqual(expected, sizes.Select(size => unset.LatentSize(size)).ToArray());
        Assert.AreEqual(16, unset.LatentSize(784, new ImageShape(1, 28, 28)), "images keep 16");
        var set = new GanNetworkOptions { LatentDimension = 7 };
        Assert.AreEqual(7, set.LatentSize(20));
        Assert.AreEqual(7, set.LatentSize(784, new ImageShape(1, 28, 28)));
    }

    [TestMethod]
    public void Fit_OnRowsOf20Values_TrainsA32ValueLatent_AndGeneratesFromIt()
    {
        var ml = new MLContext(1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 20).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var options = new GanOptions { Schedule = { BatchSize = 50, MaxSteps = 3 }, Run = { Seed = 1, ReportInterval = 3 }, Monitor = null };
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, rows));
        Assert.AreEqual(32, model.LatentDimension);
        Assert.IsNull(options.Networks.LatentDimension, "the user's options are left as given");
        Assert.AreEqual(4, TestData.ReadVectors(ml.Gan().Generate(model, 4, seed: 2)).Length);
    }
}
