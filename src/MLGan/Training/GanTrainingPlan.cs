using MLGan.Data;
using MLGan.Engine;
using MLGan.Networks;
using MLGan.Networks.Convolutional;
using MLGan.Objectives;
using MLGan.Remedies;

namespace MLGan.Training;

/// <summary>
/// Assembles the <see cref="TrainingPlan"/> of a GAN from <see cref="GanOptions"/>: the generator and discriminator (MLPs,
/// or DCGAN's when <see cref="GanNetworkOptions.Architecture"/> is <see cref="GanArchitecture.Dcgan"/>),
/// the discriminator's phase (n_critic times per step) and the generator's phase; the objective adds its terms first,
/// then each remedy that is on adds its own (<see cref="TrainingRemedies"/>).
/// </summary>
internal static class GanTrainingPlan
{
    /// <summary>The plan of a GAN with <paramref name="featureSize"/> values per row, or images of <paramref name="image"/>'s shape.</summary>
    /// <param name="image">The data's image shape; for DCGAN options without data (validation), a 28x28 placeholder.</param>
    /// <param name="classes">Label classes of a conditional GAN (<see cref="GanOptions.LabelColumnName"/>); unknown (0) during validation, then 2 stand in.</param>
    /// <param name="modes">The modes of <see cref="ModeNormalization"/>; the generator and discriminator then work mode by mode (only for <see cref="TakesModes"/> options).</param>
    public static TrainingPlan From(GanOptions options, int featureSize, int totalSteps, ImageShape? image = null, int classes = 0, ModeClusters? modes = null)
    {
        if (options.Networks.Architecture == GanArchitecture.Dcgan)
            image = image?.Planar ?? new ImageShape(1, 28, 28); // the networks see planar images
        if (options.LabelColumnName is not null && classes == 0)
            classes = 2;
        var plan = new TrainingPlan(totalSteps, options.Schedule.BatchSize, options.Networks.LatentSize(featureSize, image));
        // Players first, so that a method may add its own (encoders, more generators or discriminators) or replace one.
        var generator = modes is null ? GeneratorSpec(options, featureSize, image, classes)
            : new ModeNormalizedSpec(GeneratorSpec(options, featureSize, image, modes.Count), modes, ModeRole.Generator);
        var discriminator = modes is null ? DiscriminatorSpec(options, featureSize, image, classes)
            : new ModeNormalizedSpec(DiscriminatorSpec(options, featureSize, image, modes.Count), modes, ModeRole.Discriminator);
        plan.Players.Add(new PlayerPlan(TrainingPlan.GeneratorName, generator,
            new AdamSettings(options.Schedule.Generator.LearningRate, options.Schedule.Generator.Beta1, options.Schedule.Generator.Beta2)));
        plan.Players.Add(new PlayerPlan(TrainingPlan.DiscriminatorName, discriminator,
            new AdamSettings(options.Schedule.Discriminator.LearningRate, options.Schedule.Discriminator.Beta1, options.Schedule.Discriminator.Beta2)));
        var objective = AdversarialObjective.For(options.Objective.Loss, 1 - options.Remedies.LabelSmoothing.Amount);
        plan.Phases.Add(new Phase(TrainingPlan.DiscriminatorName, new[] { TrainingPlan.DiscriminatorName }, PhaseRows.Epoch, PhaseReport.DiscriminatorLoss)
            { Repeat = options.Schedule.DiscriminatorStepsPerGeneratorStep });
        plan.Phases.Add(new Phase(TrainingPlan.GeneratorName, new[] { TrainingPlan.GeneratorName }, PhaseRows.OnRequest, PhaseReport.GeneratorLoss));
        objective.AddTo(plan, options);
        if (modes is not null)
            plan.GeneratorPhase.Terms.Add(new WeightedTerm(new ModeMomentMatching(TrainingPlan.GeneratorName), ModeMomentWeight, nameof(GanOptions.ModeNormalization)));
        foreach (var remedy in TrainingRemedies.All.Where(r => r.IsOn(options)))
            remedy.AddTo(plan, options);
        if (options.Monitor?.Policy == CollapsePolicy.Escalate)
            EscalationLadder.AddDormant(plan, options);

        // A term that differentiates a discriminator's input gradient needs the twice-differentiable minibatch layer.
        if (plan.Terms.Any(t => t.Term.NeedsInputGradients))
        {
            for (int i = 0; i < plan.Players.Count; i++)
                plan.Players[i] = plan.Players[i] with { Spec = TwiceDifferentiable(plan.Players[i].Spec) };
        }
        return plan;
    }

    private static INetworkSpec TwiceDifferentiable(INetworkSpec spec) => spec switch
    {
        DiscriminatorSpec mlp => mlp with { TwiceDifferentiable = true },
        DcganDiscriminatorSpec convolutional => convolutional with { TwiceDifferentiable = true },
        ConditionalSpec conditional => conditional with { Inner = TwiceDifferentiable(conditional.Inner) },
        ModeNormalizedSpec modes => modes with { Inner = TwiceDifferentiable(modes.Inner) },
        _ => spec,
    };

    /// <summary>The weight of <see cref="ModeMomentMatching"/> in the generator's phase when the GAN works mode by mode.</summary>
    public const double ModeMomentWeight = 1;

    /// <summary>
    /// Whether <paramref name="options"/> can work mode by mode (<see cref="ModeNormalization"/>): an unconditional GAN whose
    /// plan is the plain pair of an MLP generator and an MLP discriminator (no method that adds or replaces networks).
    /// </summary>
    public static bool TakesModes(GanOptions options, int featureSize)
    {
        if (options.LabelColumnName is not null || options.Networks.Architecture == GanArchitecture.Dcgan)
            return false;
        var plan = From(options, featureSize, totalSteps: 1);
        return plan.Players.Count == 2 && plan.Players[0].Spec is MlpSpec && plan.Players[1].Spec is DiscriminatorSpec { Outputs: 1 };
    }

    /// <summary>The generator; with <paramref name="classes"/> &gt; 0, conditioned on them (the class embedding joins the latent vector).</summary>
    public static INetworkSpec GeneratorSpec(GanOptions options, int featureSize, ImageShape? image = null, int classes = 0)
    {
        int embedding = classes > 0 ? ConditionalSpec.EmbeddingFor(classes) : 0, latent = options.Networks.LatentSize(featureSize, image) + embedding;
        INetworkSpec spec = options.Networks.Architecture == GanArchitecture.Dcgan
            ? new DcganGeneratorSpec(latent, image!, options.Networks.Convolutional.GeneratorWidth, options.Networks.Convolutional.GeneratorNormalization)
            : new MlpSpec(latent, options.Networks.Generator.HiddenLayers, featureSize, options.Networks.Generator.Activation, options.Networks.Generator.Normalization);
        return classes > 0 ? new ConditionalSpec(spec, classes, embedding, ConditionInput.Vector, null) : spec;
    }

    /// <summary>
    /// The discriminator; with <paramref name="classes"/> &gt; 0, conditioned on them (the class embedding joins an MLP's
    /// rows, or a DCGAN's images as constant feature maps).
    /// </summary>
    public static INetworkSpec DiscriminatorSpec(GanOptions options, int featureSize, ImageShape? image = null, int classes = 0)
    {
        var remedies = options.Remedies;
        int kernels = remedies.MinibatchDiscrimination.Enabled ? remedies.MinibatchDiscrimination.Kernels : 0;
        int embedding = classes > 0 ? ConditionalSpec.EmbeddingFor(classes) : 0;
        INetworkSpec spec;
        if (options.Networks.Architecture == GanArchitecture.Dcgan)
            spec = new DcganDiscriminatorSpec(image! with { Channels = image!.Channels + embedding }, options.Networks.Convolutional.DiscriminatorWidth,
                options.Networks.Convolutional.DiscriminatorNormalization, remedies.SpectralNorm.Enabled, kernels, remedies.MinibatchDiscrimination.KernelDimension,
                remedies.MinibatchStandardDeviation.Enabled, PackingDegree: remedies.Packing.Degree);
        else
            spec = new DiscriminatorSpec(featureSize + embedding,
                new HiddenLayers(options.Networks.Discriminator.HiddenLayers, options.Networks.Discriminator.Activation, options.Networks.Discriminator.Normalization,
                    remedies.SpectralNorm.Enabled, options.Networks.Discriminator.Dropout),
                kernels, remedies.MinibatchDiscrimination.KernelDimension, remedies.MinibatchStandardDeviation.Enabled, PackingDegree: remedies.Packing.Degree);
        if (classes == 0)
            return spec;
        return options.Networks.Architecture == GanArchitecture.Dcgan
            ? new ConditionalSpec(spec, classes, embedding, ConditionInput.Planes, image)
            : new ConditionalSpec(spec, classes, embedding, ConditionInput.Vector, null);
    }
}
