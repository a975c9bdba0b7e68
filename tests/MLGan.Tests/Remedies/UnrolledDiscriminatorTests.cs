using MLGan.Remedies;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class UnrolledDiscriminatorTests
{
    [TestMethod]
    public void GeneratorStep_RestoresTheDiscriminatorExactly()
    {
        var options = TestData.Tiny();
        options.Remedies.Unrolling.Steps = 3;
        options.Networks.Discriminator.Normalization = GanNormalization.BatchNorm; // buffers must come back too
        using var loop = RemedyLoop.Create(options);
        loop.DiscriminatorStep();
        var parameters = RemedyLoop.Values(loop.Discriminator.Network.parameters());
        var buffers = Buffers(loop);

        loop.GeneratorStep();

        RemedyLoop.AssertSame(parameters, RemedyLoop.Values(loop.Discriminator.Network.parameters()), "discriminator parameters after an unrolled generator step");
        RemedyLoop.AssertSame(buffers, Buffers(loop), "discriminator buffers");
    }

    private static float[][] Buffers(MLGan.Engine.TrainingRun loop)
        => loop.Discriminator.Network.buffers().Select(b => b.to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

    [TestMethod]
    public void Lookahead_ChangesWhatTheGeneratorsLossSees()
    {
        // The lookahead draws from its own stream, so the generator's phase gets the same latents with or without it:
        // what differs is only the discriminator its loss is computed against.
        (double GeneratorLoss, float[] TrainingStream) GeneratorPhase(int unrolled)
        {
            var options = TestData.Tiny();
            options.Remedies.Unrolling.Steps = unrolled;
            using var loop = RemedyLoop.Create(options);
            loop.GeneratorStep();
            return (loop.ReadSums().GeneratorLoss, loop.Random.get_state().to_type(ScalarType.Float32).data<float>().ToArray());
        }
        var plain = GeneratorPhase(0);
        var unrolled = GeneratorPhase(5);
        CollectionAssert.AreEqual(plain.TrainingStream, unrolled.TrainingStream, "the lookahead drew nothing from the training stream");
        Assert.AreNotEqual(plain.GeneratorLoss, unrolled.GeneratorLoss, "the generator's loss was computed against the looked-ahead discriminator");
    }

    [TestMethod]
    public void Snapshot_RestoresAfterAnyChange()
    {
        using var module = TorchSharp.torch.nn.Linear(3, 2);
        var before = module.weight!.clone();
        using (var snapshot = new DiscriminatorSnapshot(module))
        {
            using (no_grad())
                module.weight.add_(1);
            snapshot.Restore();
        }
        Assert.IsTrue(module.weight.eq(before).all().item<bool>());
    }
}
