using MLGan.Networks;
using MLGan.Objectives;
using MLGan.Remedies;

namespace MLGan.Engine;

/// <summary>A player to build: its name, network spec and optimizer settings.</summary>
internal sealed record PlayerPlan(string Name, INetworkSpec Spec, AdamSettings Adam);

/// <summary>
/// What a run is made of, assembled from <see cref="GanOptions"/> before any tensor exists: the players (built and
/// initialized in this order), the phases of a step, the step hooks and the discriminator's input transforms. The
/// objective adds its terms first, then each remedy that is on adds its own (<see cref="TrainingRemedies"/>), so the
/// phase runner (<see cref="TrainingRun"/>) knows no remedy by name.
/// </summary>
internal sealed class TrainingPlan
{
    public const string GeneratorName = "generator";
    public const string DiscriminatorName = "discriminator";

    private TrainingPlan(int totalSteps, int batchSize, int latentDimension)
    {
        TotalSteps = totalSteps;
        BatchSize = batchSize;
        LatentDimension = latentDimension;
    }

    public int TotalSteps { get; }

    /// <summary>Rows per phase batch.</summary>
    public int BatchSize { get; }

    public int LatentDimension { get; }

    public List<PlayerPlan> Players { get; } = new();

    /// <summary>The phases of one step, in order.</summary>
    public List<Phase> Phases { get; } = new();

    public List<IStepHook> StepHooks { get; } = new();

    /// <summary>Applied, in order, to every row the discriminator scores.</summary>
    public List<IDiscriminatorInput> DiscriminatorInputs { get; } = new();

    public Phase DiscriminatorPhase => Phases.First(p => p.Name == DiscriminatorName);

    public Phase GeneratorPhase => Phases.First(p => p.Name == GeneratorName);

    /// <summary>Every term of every phase.</summary>
    public IEnumerable<ILossTerm> Terms => Phases.SelectMany(p => p.Terms).Select(t => t.Term);

    /// <summary>The plan of a GAN with <paramref name="featureSize"/> values per row.</summary>
    public static TrainingPlan From(GanOptions options, int featureSize, int totalSteps)
    {
        var plan = new TrainingPlan(totalSteps, options.BatchSize, options.LatentDimension);
        var objective = AdversarialObjective.For(options.Loss, 1 - options.RealLabelSmoothing);
        plan.Phases.Add(new Phase(DiscriminatorName, new[] { DiscriminatorName }, PhaseRows.Epoch, PhaseReport.DiscriminatorLoss)
            { Repeat = options.DiscriminatorStepsPerGeneratorStep });
        plan.Phases.Add(new Phase(GeneratorName, new[] { GeneratorName }, PhaseRows.OnRequest, PhaseReport.GeneratorLoss));
        objective.AddTo(plan, options);
        foreach (var remedy in TrainingRemedies.All.Where(r => r.IsOn(options)))
            remedy.AddTo(plan, options);

        plan.Players.Add(new PlayerPlan(GeneratorName, GeneratorSpec(options, featureSize),
            new AdamSettings(options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2)));
        plan.Players.Add(new PlayerPlan(DiscriminatorName, DiscriminatorSpec(options, featureSize, plan.Terms.Any(t => t.NeedsInputGradients)),
            new AdamSettings(options.DiscriminatorLearningRate, options.DiscriminatorBeta1, options.DiscriminatorBeta2)));
        return plan;
    }

    public static MlpSpec GeneratorSpec(GanOptions options, int featureSize)
        => new(options.LatentDimension, options.GeneratorHiddenLayers, featureSize, options.GeneratorActivation, options.GeneratorNormalization);

    /// <param name="twiceDifferentiable">Whether a term differentiates the discriminator's input gradient.</param>
    public static DiscriminatorSpec DiscriminatorSpec(GanOptions options, int featureSize, bool twiceDifferentiable) => new(
        featureSize,
        new HiddenLayers(options.DiscriminatorHiddenLayers, options.DiscriminatorActivation, options.DiscriminatorNormalization,
            options.SpectralNorm, options.DiscriminatorDropout),
        options.MinibatchDiscrimination ? options.MinibatchKernels : 0,
        options.MinibatchKernelDimension,
        options.MinibatchStandardDeviation,
        twiceDifferentiable,
        options.PackingDegree);

    public override string ToString() => string.Join("; ", Phases);
}
