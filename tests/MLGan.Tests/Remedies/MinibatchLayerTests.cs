using MLGan.Networks;
using MLGan.Remedies;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class MinibatchLayerTests
{
    private static DiscriminatorNetwork Network(bool discrimination, bool stddev)
    {
        var spec = new DiscriminatorSpec(2, new HiddenLayers(new[] { 8 }, GanActivation.LeakyReLU, GanNormalization.None), discrimination ? 4 : 0, 3, stddev);
        var network = new DiscriminatorNetwork(spec);
        using var generator = new Generator(5);
        network.InitializeWeights(generator);
        return network;
    }

    /// <summary>The score of row 0 when the other rows of its batch are <paramref name="others"/>.</summary>
    private static float ScoreOfFirstRow(DiscriminatorNetwork network, float others)
    {
        using var batch = tensor(new float[] { 0.3f, -0.2f, others, others, others, -others }, new long[] { 3, 2 });
        using var scores = network.forward(batch);
        return scores[0, 0].item<float>();
    }

    [TestMethod]
    [DataRow(true, false)]
    [DataRow(false, true)]
    public void Score_DependsOnTheOtherRowsOfTheBatch(bool discrimination, bool stddev)
    {
        using var network = Network(discrimination, stddev);
        Assert.AreNotEqual(ScoreOfFirstRow(network, 0.1f), ScoreOfFirstRow(network, 2f));
    }

    [TestMethod]
    public void WithoutMinibatchLayers_ScoresAreRowByRow()
    {
        using var network = Network(false, false);
        Assert.AreEqual(ScoreOfFirstRow(network, 0.1f), ScoreOfFirstRow(network, 2f));
    }

    [TestMethod]
    public void StandardDeviation_AppendsTheMeanFeatureSpread()
    {
        using var rows = tensor(new float[] { 0, 10, 2, 10 }, new long[] { 2, 2 }); // spreads 1 and 0
        using var output = new MinibatchStandardDeviationLayer().forward(rows);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, output.shape);
        Assert.AreEqual(0.5, output[0, 2].item<float>(), 1e-3);
        Assert.AreEqual(0.5, output[1, 2].item<float>(), 1e-3);
    }

    [TestMethod]
    public void Discrimination_BothDistanceFormsAgree()
    {
        using var fast = new MinibatchDiscrimination(3, kernels: 4, kernelDimension: 2);
        using var twice = new MinibatchDiscrimination(3, kernels: 4, kernelDimension: 2, twiceDifferentiable: true);
        using (var generator = new Generator(2))
            SeededInitialization.Apply(fast, generator);
        using (var generator = new Generator(2))
            SeededInitialization.Apply(twice, generator);
        using var rows = randn(6, 3, generator: new Generator(4));
        Assert.IsTrue(fast.forward(rows).allclose(twice.forward(rows), rtol: 1e-5, atol: 1e-6));
    }

    [TestMethod]
    public void Discrimination_IdenticalRowsAreMaximallySimilar()
    {
        using var layer = new MinibatchDiscrimination(2, kernels: 3, kernelDimension: 2);
        using var generator = new Generator(1);
        SeededInitialization.Apply(layer, generator);
        using var same = ones(4, 2);
        using var output = layer.forward(same);
        CollectionAssert.AreEqual(new long[] { 4, 5 }, output.shape);
        // Each kernel sums exp(-0) over the 3 other rows.
        CollectionAssert.AreEqual(new float[] { 3, 3, 3 }, output[0].narrow(0, 2, 3).data<float>().ToArray());
        using var spread = tensor(new float[] { 0, 0, 5, 5, -5, 5, 5, -5 }, new long[] { 4, 2 });
        using var spreadOutput = layer.forward(spread);
        Assert.IsTrue(spreadOutput[0].narrow(0, 2, 3).max().item<float>() < 3, "distinct rows are less similar");
    }
}
