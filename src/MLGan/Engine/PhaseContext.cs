using static TorchSharp.torch;
using MLGan.Tensors;

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

    public Tensor Score(Tensor rows) => Score(TrainingPlan.DiscriminatorName, rows);

    public Tensor Score(string discriminator, Tensor rows) => run.Player(discriminator).Network.Forward(run.DiscriminatorInput(rows, random), ConditionsOf(rows));

    public Tensor Features(Tensor rows) => run.Discriminator.Network switch
    {
        Networks.ConditionalNetwork conditional => conditional.Features(run.DiscriminatorInput(rows, random), ConditionsOf(rows)!),
        Networks.IFeatureNetwork network => network.Features(run.DiscriminatorInput(rows, random)),
        _ => throw new NotSupportedException($"the {run.Discriminator.Spec.Kind} discriminator exposes no features"),
    };

    /// <summary>
    /// The classes of rows a term scores: the batch's (real rows, the rows generated for them, points between them), repeated
    /// for rows that stack several such sets; null in an unconditional run.
    /// </summary>
    private Tensor? ConditionsOf(Tensor rows)
    {
        if (batch.Conditions is not { } conditions)
            return null;
        long n = conditions.shape[0], m = rows.shape[0];
        if (m == n)
            return conditions;
        if (m % n == 0)
            return conditions.repeat(m / n);
        throw new InvalidOperationException($"a term scored {m} rows in a conditional run whose batch has {n} classes");
    }

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
                value = value.Times(weight.Value);
            loss = loss is null ? value : loss.Plus(value);
        }
        return loss ?? throw new InvalidOperationException($"phase {phase.Name} has no loss terms");
    }

    private Tensor Generate()
    {
        var generator = run.Generator;
        if (phase.Updates.Contains(generator.Name))
            return generator.Network.Forward(batch.Latents, batch.Conditions);
        using (no_grad())
            return generator.Network.Forward(batch.Latents, batch.Conditions);
    }
}
