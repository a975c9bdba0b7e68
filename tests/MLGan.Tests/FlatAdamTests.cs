using MLGan.Engine;
using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>
/// The flat-buffer optimizer (<see cref="FlatAdam"/> on <see cref="FlatParameters"/>) against TorchSharp's own Adam on
/// twin networks: the same weights, bit for bit, after every step, and its state saves and loads like Adam's.
/// </summary>
[TestClass]
public sealed class FlatAdamTests
{
    private static readonly MlpSpec Spec = new(3, new[] { 5, 7 }, 2, GanActivation.LeakyReLU, GanNormalization.LayerNorm);

    private static Mlp Network(int seed)
    {
        var network = new Mlp("generator", Spec);
        using var generator = new Generator((ulong)seed);
        network.InitializeWeights(generator);
        return network;
    }

    private static float[][] Weights(nn.Module network) => network.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    /// <summary>One step of <paramref name="optimizer"/> on a loss of <paramref name="network"/>'s output; with <paramref name="partialFirstStep"/>, only the first layer has a gradient at step 1.</summary>
    private static void Step(Mlp network, optim.Optimizer optimizer, int step, bool partialFirstStep = false)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator((ulong)(100 + step));
        var output = network.forward(randn(16, 3, generator: random));
        var loss = partialFirstStep && step == 1
            ? network.parameters().Take(2).Select(p => p.square().sum()).Aggregate((a, b) => a + b)
            : output.square().mean() + output.sin().sum();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }

    [TestMethod]
    [DataRow(false, DisplayName = "every parameter has a gradient from step 1: flat updates")]
    [DataRow(true, DisplayName = "some parameters have none at step 1: their step counts lag, plain Adam throughout")]
    public void EveryStep_MatchesTorchSharpsAdamBitForBit(bool partialFirstStep)
    {
        using var plain = Network(7);
        using var flat = Network(7);
        using var reference = optim.Adam(plain.parameters(), 1e-2, 0.5, 0.9);
        using var player = new Player("generator", flat, new AdamSettings(1e-2, 0.5, 0.9));
        for (int step = 1; step <= 25; step++)
        {
            Step(plain, reference, step, partialFirstStep);
            Step(flat, player.Optimizer, step, partialFirstStep);
            CollectionAssert.AreEqual(Weights(plain).SelectMany(w => w).ToArray(), Weights(flat).SelectMany(w => w).ToArray(), $"step {step}");
        }
        Assert.AreEqual(!partialFirstStep, player.Flat.Gradients is not null, "the gradients are flat when the updates are");
        using var norm = player.GradientNorm();
        double expected = Math.Sqrt(plain.parameters().Sum(p => p.grad!.square().sum().item<float>()));
        Assert.AreEqual(expected, norm.item<float>(), expected * 1e-5);
    }

    [TestMethod]
    public void SavedState_LoadsIntoAnotherFlatAdamAndContinuesIdentically()
    {
        using var first = Network(3);
        using var second = Network(3);
        using var a = new Player("generator", first, new AdamSettings(1e-2, 0.5, 0.9));
        using var b = new Player("generator", second, new AdamSettings(1e-2, 0.5, 0.9));
        for (int step = 1; step <= 5; step++)
            Step(first, a.Optimizer, step);
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                RunState.WriteNetwork(writer, first);
                RunState.WriteOptimizer(writer, a.Optimizer);
            }
            stream.Position = 0;
            using var reader = new BinaryReader(stream);
            RunState.ReadNetwork(reader, second, "generator");
            RunState.ReadOptimizer(reader, b.Optimizer, "generator");
        }
        for (int step = 6; step <= 10; step++)
        {
            Step(first, a.Optimizer, step);
            Step(second, b.Optimizer, step);
        }
        CollectionAssert.AreEqual(Weights(first).SelectMany(w => w).ToArray(), Weights(second).SelectMany(w => w).ToArray());
    }

    [TestMethod]
    [DataRow("defaults")]
    [DataRow("gan+pac2+unroll5+fm")]
    [DataRow("wgangp+ln+drop+mbd")]
    [DataRow("ls+sn+r1+dragan+bn")]
    [DataRow("minimax+paper")]
    [DataRow("gman3")]
    [DataRow("mad4")]
    [DataRow("veegan")]
    [DataRow("ebgan")]
    public void TrainingRuns_UpdateEveryPlayerThroughTheFlatBuffers(string configuration)
    {
        var options = Benchmarks.Configurations.Create(configuration);
        options.Schedule.BatchSize = 64;
        using var run = Remedies.RemedyLoop.Create(options);
        for (int i = 0; i < 3; i++)
            run.Step();
        foreach (var name in run.Plan.Players.Select(p => p.Name))
            Assert.IsNotNull(run.Player(name).Flat.Gradients, $"{configuration}: {name} still updates parameter by parameter");
    }
}
