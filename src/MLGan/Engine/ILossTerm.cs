using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>
/// One scalar of a phase's loss, computed from the phase context (the batch, the players, scores and features on
/// demand). The phase sums its terms, each times its weight, and takes one backward pass of the sum.
/// </summary>
internal interface ILossTerm
{
    /// <summary>Short name for messages, e.g. "R1 penalty".</summary>
    string Name { get; }

    /// <summary>
    /// Whether the term differentiates the discriminator's output with respect to its input (gradient penalties): such a
    /// term needs a twice-differentiable discriminator whose rows are scored independently of each other.
    /// </summary>
    bool NeedsInputGradients => false;

    Tensor Compute(IPhaseContext context);
}

/// <summary>A term in a phase, with its (schedulable) weight and the option that put it there (for messages).</summary>
internal sealed record WeightedTerm(ILossTerm Term, ScheduledValue Weight, string Option) : ISchedulable
{
    ScheduledValue ISchedulable.Value => Weight;

    public WeightedTerm(ILossTerm term, double weight, string option) : this(term, new ScheduledValue(weight), option) { }

    /// <summary>The term as messages name it: the option that set it, e.g. "Remedies.R1.Weight".</summary>
    public override string ToString() => Option;
}
