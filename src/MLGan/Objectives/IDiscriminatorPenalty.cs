using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>An extra term added to the discriminator's loss (gradient penalties and similar regularizers).</summary>
internal interface IDiscriminatorPenalty
{
    Tensor Compute(DiscriminatorStep step);
}

/// <summary>What a discriminator penalty may look at during one discriminator update.</summary>
/// <param name="Discriminator">Scores rows (the network the penalty regularizes).</param>
/// <param name="Real">A batch of real rows (scaled).</param>
/// <param name="Fake">A batch of generated rows, detached from the generator.</param>
/// <param name="Random">The training run's seeded random generator.</param>
internal sealed record DiscriminatorStep(Func<Tensor, Tensor> Discriminator, Tensor Real, Tensor Fake, Generator Random);

/// <summary>A rule applied to the discriminator's parameters after each of its optimizer steps.</summary>
internal interface IDiscriminatorConstraint
{
    void Apply(TorchSharp.Modules.Parameter[] parameters);
}
