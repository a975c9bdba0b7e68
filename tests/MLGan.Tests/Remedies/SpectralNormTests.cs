using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class SpectralNormTests
{
    private static double LargestSingularValue(Tensor matrix) => linalg.svdvals(matrix.detach())[0].item<float>();

    [TestMethod]
    public void PowerIteration_MakesTheLargestSingularValueOne()
    {
        using var layer = new SpectralLinear(6, 5);
        using var generator = new Generator(3);
        SeededInitialization.Apply(layer, generator);
        using (no_grad())
            layer.Weight.mul_(7); // a raw weight far from 1-Lipschitz
        layer.train();
        using var input = ones(4, 6);
        for (int i = 0; i < 30; i++)
            layer.forward(input).Dispose();

        Assert.IsTrue(LargestSingularValue(layer.Weight) > 2, "the raw weight is not normalized");
        Assert.AreEqual(1, LargestSingularValue(layer.NormalizedWeight()), 1e-3, "normalized weight has σ_max 1");
        Assert.AreEqual(LargestSingularValue(layer.Weight), layer.Sigma().item<float>(), 1e-2, "σ estimate");
        CollectionAssert.Contains(layer.state_dict().Keys.ToArray(), "u", "the power-iteration vector is saved state, not a parameter");
        Assert.AreEqual(2, layer.parameters().Count(), "weight and bias are the only parameters");
    }

    [TestMethod]
    public void TrainedDiscriminator_KeepsEveryLayerNearOne()
    {
        var options = TestData.Tiny();
        options.Remedies.SpectralNorm.Enabled = true;
        options.Networks.Discriminator.HiddenLayers = new[] { 32, 32 };
        options.Schedule.Discriminator.LearningRate = 2e-4; // SN-GAN's rate: one power iteration per step tracks weights that move this fast
        using var loop = RemedyLoop.Create(options);
        long[] batch = Enumerable.Range(0, 32).Select(i => (long)i).ToArray();
        for (int i = 0; i < 30; i++)
        {
            loop.DiscriminatorStep();
            loop.GeneratorStep();
        }
        var layers = loop.Discriminator.Network.modules().OfType<SpectralLinear>().ToArray();
        Assert.AreEqual(3, layers.Length, "two hidden layers and the head");
        foreach (var layer in layers)
            Assert.AreEqual(1, LargestSingularValue(layer.NormalizedWeight()), 0.05);
    }
}
