using Microsoft.ML;
using MLGan.Remedies;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class PackingTests
{
    [TestMethod]
    public void Pack_ConcatenatesConsecutiveRows()
    {
        using var rows = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new long[] { 4, 2 });
        var packing = new Packing(2);
        using var packed = packing.Pack(rows);
        CollectionAssert.AreEqual(new long[] { 2, 4 }, packed.shape);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, packed.data<float>().ToArray());
        Assert.AreEqual(8, packing.InputSize(4));
        Assert.AreSame(rows, new Packing(1).Pack(rows), "degree 1 leaves rows alone");
    }

    [TestMethod]
    public void PackedDiscriminator_Trains()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.PackingDegree = 4;
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        Assert.IsTrue(model.TrainingHistory.All(h => double.IsFinite(h.DiscriminatorLoss)));
    }

    [TestMethod]
    public void BatchSize_MustBeAMultipleOfTheDegree()
    {
        var options = TestData.Tiny();
        options.PackingDegree = 3; // batch 32
        var ex = Assert.Throws<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, "GanOptions.BatchSize = 32 does not fit these options. BatchSize must be a multiple of PackingDegree (3)");
        StringAssert.Contains(ex.Message, "Use BatchSize = 33");
    }
}
