using Microsoft.ML;
using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class PackingTests
{
    [TestMethod]
    public void Discriminator_PacksConsecutiveRows()
    {
        // No hidden layers: the features are the packed rows themselves.
        static DiscriminatorNetwork Network(int degree) => new(new DiscriminatorSpec(2, new HiddenLayers(Array.Empty<int>(), GanActivation.ReLU, GanNormalization.None), 0, 0, false, PackingDegree: degree));
        using var rows = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new long[] { 4, 2 });
        using var packing = Network(2);
        using var packed = packing.Features(rows);
        CollectionAssert.AreEqual(new long[] { 2, 4 }, packed.shape);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, packed.data<float>().ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 1 }, packing.forward(rows).shape, "one score per packed row");
        using var plain = Network(1);
        CollectionAssert.AreEqual(new long[] { 4, 2 }, plain.Features(rows).shape, "degree 1 leaves rows alone");
    }

    [TestMethod]
    public void PackedDiscriminator_Trains()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Remedies.Packing.Degree = 4;
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        Assert.IsTrue(model.TrainingHistory.All(h => double.IsFinite(h.DiscriminatorLoss)));
    }

    [TestMethod]
    public void BatchSize_MustBeAMultipleOfTheDegree()
    {
        var options = TestData.Tiny();
        options.Remedies.Packing.Degree = 3; // batch 32
        var ex = Assert.Throws<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, "GanOptions.Schedule.BatchSize = 32 does not fit these options. BatchSize must be a multiple of Remedies.Packing.Degree (3)");
        StringAssert.Contains(ex.Message, "Use Schedule.BatchSize = 33");
    }
}
