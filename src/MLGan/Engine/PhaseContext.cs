using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>The context of one run of a phase in a <see cref="TrainingRun"/>: values computed on first request, shared by the terms.</summary>
internal sealed class PhaseContext(TrainingRun run, Phase phase, GanBatch batch, Generator random) : IPhaseContext
{
    private Tensor? _fake, _realScores, _fakeScores;

    public Tensor Real => batch.Real;

    public Tensor Fake => _fake ??= Generate();

    public Tensor RealScores => _realScores ??= Score(Real);

    public Tensor FakeScores => _fakeScores ??= Score(Fake);

    public Generator Random => random;

    public Tensor Latents => batch.Latents;

    public Networks.GanNetwork Network(string player) => run.Player(player).Network;

    public bool Updates(string player) => phase.Updates.Contains(player);

    public Tensor Score(Tensor rows) => run.Discriminator.Network.forward(run.DiscriminatorInput(rows, random));

    public Tensor Score(string discriminator, Tensor rows) => run.Player(discriminator).Network.forward(run.DiscriminatorInput(rows, random));

    public Tensor Features(Tensor rows) => run.Discriminator.Network is Networks.IFeatureNetwork network
        ? network.Features(run.DiscriminatorInput(rows, random))
        : throw new NotSupportedException($"the {run.Discriminator.Spec.Kind} discriminator exposes no features");

    /// <summary>The phase's loss: its terms, each times its weight, summed in order; a term of weight 0 is not computed.</summary>
    public Tensor Loss()
    {
        Tensor? loss = null;
        foreach (var (term, weight, _) in phase.Terms)
        {
            if (weight.Value == 0)
                continue;
            var value = term.Compute(this);
            if (weight.Value != 1)
                value = weight.Value * value;
            loss = loss is null ? value : loss + value;
        }
        return loss ?? throw new InvalidOperationException($"phase {phase.Name} has no loss terms");
    }

    private Tensor Generate()
    {
        var generator = run.Generator;
        if (phase.Updates.Contains(generator.Name))
            return generator.Network.forward(batch.Latents);
        using (no_grad())
            return generator.Network.forward(batch.Latents);
    }
}
