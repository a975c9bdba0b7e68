using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>
/// What a loss term may look at during one phase. Values are computed on first request and shared by the phase's
/// terms, so two terms that need the generated rows' scores cost one discriminator pass.
/// </summary>
internal interface IPhaseContext
{
    /// <summary>Real rows (codec space).</summary>
    Tensor Real { get; }

    /// <summary>Generated rows from the batch's latents; differentiable only in a phase that updates the generator.</summary>
    Tensor Fake { get; }

    /// <summary>The discriminator's scores of <see cref="Real"/>.</summary>
    Tensor RealScores { get; }

    /// <summary>The discriminator's scores of <see cref="Fake"/>.</summary>
    Tensor FakeScores { get; }

    /// <summary>The discriminator's scores of any rows (with its input transforms, e.g. instance noise, applied).</summary>
    Tensor Score(Tensor rows);

    /// <summary>The scores of any rows by the discriminator player <paramref name="discriminator"/> (input transforms applied), for methods with several.</summary>
    Tensor Score(string discriminator, Tensor rows);

    /// <summary>The discriminator's hidden features of any rows (its last hidden layer).</summary>
    Tensor Features(Tensor rows);

    /// <summary>The phase's seeded random stream (penalty points, noise).</summary>
    Generator Random { get; }

    /// <summary>The batch's latent vectors, [rows, latent dimension].</summary>
    Tensor Latents { get; }

    /// <summary>A player's network, for terms of methods with more players than one generator and one discriminator.</summary>
    GanNetwork Network(string player);

    /// <summary>Whether this phase updates <paramref name="player"/> (a frozen player's outputs need no graph).</summary>
    bool Updates(string player);
}

/// <summary>A phase context over fixed tensors and a scoring function: for terms evaluated outside a training run.</summary>
internal sealed record FixedBatchContext(Func<Tensor, Tensor> Discriminator, Tensor Real, Tensor Fake, Generator Random) : IPhaseContext
{
    public Tensor RealScores => Discriminator(Real);

    public Tensor FakeScores => Discriminator(Fake);

    public Tensor Score(Tensor rows) => Discriminator(rows);

    public Tensor Score(string discriminator, Tensor rows) => throw new NotSupportedException("a fixed batch context has one discriminator");

    public Tensor Features(Tensor rows) => throw new NotSupportedException("a fixed batch context has no feature map");

    public Tensor Latents => throw new NotSupportedException("a fixed batch context has no latents");

    public GanNetwork Network(string player) => throw new NotSupportedException("a fixed batch context has no players");

    public bool Updates(string player) => false;
}
