using MLGan.Networks;

namespace MLGan.Engine;

/// <summary>A player to build: its name, network spec and optimizer settings.</summary>
internal sealed record PlayerPlan(string Name, INetworkSpec Spec, AdamSettings Adam);

/// <summary>
/// What a run is made of, assembled before any tensor exists (from <see cref="GanOptions"/> by
/// <c>MLGan.Training.GanTrainingPlan</c>): the players (built and initialized in this order), the phases of a step, the
/// step hooks and the discriminator's input transforms. The phase runner (<see cref="TrainingRun"/>) knows no objective
/// or remedy by name: they are terms, hooks, wrappers and input transforms here.
/// </summary>
internal sealed class TrainingPlan
{
    public const string GeneratorName = "generator";
    public const string DiscriminatorName = "discriminator";

    public TrainingPlan(int totalSteps, int batchSize, int latentDimension)
    {
        TotalSteps = totalSteps;
        BatchSize = batchSize;
        LatentDimension = latentDimension;
    }

    public int TotalSteps { get; private set; }

    /// <summary>Adds <paramref name="steps"/> to the run (an automatic remedy giving new settings time); schedules made from the original total keep it.</summary>
    public void Extend(int steps) => TotalSteps += steps;

    /// <summary>Rows per phase batch.</summary>
    public int BatchSize { get; }

    public int LatentDimension { get; }

    public List<PlayerPlan> Players { get; } = new();

    /// <summary>The phases of one step, in order.</summary>
    public List<Phase> Phases { get; } = new();

    public List<IStepHook> StepHooks { get; } = new();

    /// <summary>Applied, in order, to every row the discriminator scores.</summary>
    public List<IDiscriminatorInput> DiscriminatorInputs { get; } = new();

    /// <summary>
    /// Parts of the plan that are off until a collapse policy switches them on: their value is 0 (a term of weight 0 is
    /// not computed; a generator average of decay 0 copies the generator) and <c>Armed</c> is the value they switch on at
    /// (what their remedy gave them). Their values are run state like any other.
    /// </summary>
    public List<(ISchedulable Part, double Armed)> Dormant { get; } = new();

    /// <summary>Every part with a schedulable value: the phases' terms and the hooks that have one.</summary>
    public IEnumerable<ISchedulable> Schedulables => Terms.Cast<ISchedulable>()
        .Concat(Phases.SelectMany(p => p.AfterUpdate.Cast<object>().Concat(p.Wrappers)).Concat(StepHooks).Concat(DiscriminatorInputs).OfType<ISchedulable>())
        .Distinct();

    public Phase DiscriminatorPhase => Phases.First(p => p.Name == DiscriminatorName);

    public Phase GeneratorPhase => Phases.First(p => p.Name == GeneratorName);

    /// <summary>Every term of every phase.</summary>
    public IEnumerable<WeightedTerm> Terms => Phases.SelectMany(p => p.Terms);

    public override string ToString() => string.Join("; ", Phases);
}
