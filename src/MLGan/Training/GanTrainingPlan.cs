using MLGan.Engine;
using MLGan.Networks;
using MLGan.Objectives;
using MLGan.Remedies;

namespace MLGan.Training;

/// <summary>
/// Assembles the <see cref="TrainingPlan"/> of a GAN from <see cref="GanOptions"/>: the MLP generator and discriminator,
/// the discriminator's phase (n_critic times per step) and the generator's phase; the objective adds its terms first,
/// then each remedy that is on adds its own (<see cref="TrainingRemedies"/>).
/// </summary>
internal static class GanTrainingPlan
{
    /// <summary>The plan of a GAN with <paramref name="featureSize"/> values per row.</summary>
    public static TrainingPlan From(GanOptions options, int featureSize, int totalSteps)
    {
        var plan = new TrainingPlan(totalSteps, options.Schedule.BatchSize, options.Networks.LatentDimension);
        // Players first, so that a method may add its own (encoders, more generators or discriminators) or replace one.
        plan.Players.Add(new PlayerPlan(TrainingPlan.GeneratorName, GeneratorSpec(options, featureSize),
            new AdamSettings(options.Schedule.Generator.LearningRate, options.Schedule.Generator.Beta1, options.Schedule.Generator.Beta2)));
        plan.Players.Add(new PlayerPlan(TrainingPlan.DiscriminatorName, DiscriminatorSpec(options, featureSize, twiceDifferentiable: false),
            new AdamSettings(options.Schedule.Discriminator.LearningRate, options.Schedule.Discriminator.Beta1, options.Schedule.Discriminator.Beta2)));
        var objective = AdversarialObjective.For(options.Objective.Loss, 1 - options.Remedies.LabelSmoothing.Amount);
        plan.Phases.Add(new Phase(TrainingPlan.DiscriminatorName, new[] { TrainingPlan.DiscriminatorName }, PhaseRows.Epoch, PhaseReport.DiscriminatorLoss)
            { Repeat = options.Schedule.DiscriminatorStepsPerGeneratorStep });
        plan.Phases.Add(new Phase(TrainingPlan.GeneratorName, new[] { TrainingPlan.GeneratorName }, PhaseRows.OnRequest, PhaseReport.GeneratorLoss));
        objective.AddTo(plan, options);
        foreach (var remedy in TrainingRemedies.All.Where(r => r.IsOn(options)))
            remedy.AddTo(plan, options);
        if (options.Monitor?.Policy == CollapsePolicy.Escalate)
            EscalationLadder.AddDormant(plan, options);

        // A term that differentiates a discriminator's input gradient needs the twice-differentiable minibatch layer.
        if (plan.Terms.Any(t => t.Term.NeedsInputGradients))
        {
            for (int i = 0; i < plan.Players.Count; i++)
            {
                if (plan.Players[i].Spec is DiscriminatorSpec spec)
                    plan.Players[i] = plan.Players[i] with { Spec = spec with { TwiceDifferentiable = true } };
            }
        }
        return plan;
    }

    public static MlpSpec GeneratorSpec(GanOptions options, int featureSize)
        => new(options.Networks.LatentDimension, options.Networks.Generator.HiddenLayers, featureSize, options.Networks.Generator.Activation, options.Networks.Generator.Normalization);

    /// <param name="twiceDifferentiable">Whether a term differentiates the discriminator's input gradient.</param>
    public static DiscriminatorSpec DiscriminatorSpec(GanOptions options, int featureSize, bool twiceDifferentiable) => new(
        featureSize,
        new HiddenLayers(options.Networks.Discriminator.HiddenLayers, options.Networks.Discriminator.Activation, options.Networks.Discriminator.Normalization,
            options.Remedies.SpectralNorm.Enabled, options.Networks.Discriminator.Dropout),
        options.Remedies.MinibatchDiscrimination.Enabled ? options.Remedies.MinibatchDiscrimination.Kernels : 0,
        options.Remedies.MinibatchDiscrimination.KernelDimension,
        options.Remedies.MinibatchStandardDeviation.Enabled,
        twiceDifferentiable,
        options.Remedies.Packing.Degree);

}
