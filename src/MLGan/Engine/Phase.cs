namespace MLGan.Engine;

/// <summary>Where a phase's real rows come from.</summary>
internal enum PhaseRows
{
    /// <summary>A batch of the epoch schedule (the rows that count as training progress).</summary>
    Epoch,
    /// <summary>Latents only; real rows, when a term asks for them, from the run's extra-batch stream.</summary>
    OnRequest,
}

/// <summary>Which number of the progress report a phase's loss feeds.</summary>
internal enum PhaseReport
{
    None,
    DiscriminatorLoss,
    /// <summary>The generator's loss and the L2 norm of its gradient.</summary>
    GeneratorLoss,
}

/// <summary>
/// One update of a training step: the players it updates, the loss terms it sums (one backward pass), how often it
/// repeats within a step (n_critic) and at which step interval it runs (lazy regularization). Players it does not
/// update are frozen for its duration; the generator, when frozen, runs without a graph.
/// </summary>
internal sealed class Phase(string name, IReadOnlyList<string> updates, PhaseRows rows, PhaseReport report)
{
    public string Name { get; } = name;

    /// <summary>Names of the players whose optimizers step (a method with several discriminators adds its own).</summary>
    public List<string> Updates { get; } = updates.ToList();

    public PhaseRows Rows { get; } = rows;

    public PhaseReport Report { get; } = report;

    /// <summary>The terms summed into the phase's loss, in order.</summary>
    public List<WeightedTerm> Terms { get; } = new();

    /// <summary>Runs of the phase per step (WGAN's n_critic for the discriminator).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>The phase runs at steps divisible by this (1: every step).</summary>
    public int Interval { get; init; } = 1;

    /// <summary>Called after each optimizer step of the phase (weight constraints, weight averages).</summary>
    public List<IPhaseHook> AfterUpdate { get; } = new();

    /// <summary>Entered before the phase's batch is drawn and left after its update (unrolling).</summary>
    public List<IPhaseWrapper> Wrappers { get; } = new();

    public override string ToString() => $"{Name} (updates {string.Join(", ", Updates)}; {string.Join(" + ", Terms.Select(t => t.Term.Name))})";
}
