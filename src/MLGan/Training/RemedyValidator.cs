using System.Globalization;
using MLGan.Engine;
using MLGan.Objectives;
using MLGan.Remedies;
using static MLGan.OptionChecks;

namespace MLGan.Training;

/// <summary>
/// Checks the remedy options of <see cref="GanOptions"/>: the network-layer remedies' values here, each training-side
/// remedy's own rules (<see cref="IRemedy.Validate"/>), then the combinations that do not make sense together, with a
/// message that says why and what to use instead.
/// </summary>
internal static class RemedyValidator
{
    public static void Validate(GanOptions options)
    {
        RequirePositive(options.Remedies.Packing.Degree, "Remedies.Packing.Degree");
        if (options.Remedies.MinibatchDiscrimination.Enabled)
        {
            RequirePositive(options.Remedies.MinibatchDiscrimination.Kernels, "Remedies.MinibatchDiscrimination.Kernels");
            RequirePositive(options.Remedies.MinibatchDiscrimination.KernelDimension, "Remedies.MinibatchDiscrimination.KernelDimension");
        }
        RequireInRange(options.Networks.Discriminator.Dropout, 0, 0.95, "Networks.Discriminator.Dropout");
        RequireInRange(options.Remedies.LabelSmoothing.Amount, 0, 0.5, "Remedies.LabelSmoothing.Amount");
        foreach (var remedy in TrainingRemedies.All)
            remedy.Validate(options);
        ValidateCombinations(options);
    }

    private static void ValidateCombinations(GanOptions options)
    {
        BatchSizeRules.Check(options); // packing, minibatch layers and batch normalization against BatchSize
        if (options.Networks.Architecture == GanArchitecture.Dcgan)
            ValidateConvolutional(options); // before the plan: the MLP-only methods cannot build their players on DCGAN's
        if (options.LabelColumnName is not null)
            ValidateConditional(options);

        // The plan is made of options alone (no tensors): its terms say which differentiate the discriminator's input.
        var plan = GanTrainingPlan.From(options, featureSize: 1, totalSteps: 1);
        var penalties = plan.Terms.Where(t => t.Term.NeedsInputGradients).Select(t => "GanOptions." + t.Option).ToList();
        var (normalization, normalizationOption) = options.Networks.DiscriminatorNormalizationInUse;
        if (normalization == GanNormalization.BatchNorm && penalties.Count > 0)
            Fail($"GanOptions.{normalizationOption} = BatchNorm does not combine with {string.Join(" and ", penalties)}: a gradient penalty constrains each row's score on its own, " +
                $"and batch normalization makes scores depend on the whole batch (Gulrajani et al. 2017). Use {normalizationOption} = LayerNorm or None.", normalizationOption);

        if (options.Remedies.SpectralNorm.Enabled && plan.DiscriminatorPhase.AfterUpdate.OfType<WeightClipping>().Any())
            Fail("GanOptions.Remedies.SpectralNorm.Enabled and GanLoss.Wasserstein's weight clipping both bound the critic's Lipschitz constant; use one. " +
                "Spectral normalization usually trains better: combine it with GanLoss.Hinge or GanLoss.WassersteinGP's objective instead.", "Remedies.SpectralNorm.Enabled");

        if (options.Remedies.LabelSmoothing.Amount > 0 && !AdversarialObjective.TraitsOf(options.Objective.Loss).HasRealLabel)
            Fail($"GanOptions.Remedies.LabelSmoothing.Amount smooths the discriminator's real target (1 becomes 1 − Amount) of a classifier objective, but GanOptions.Objective.Loss = {options.Objective.Loss} has no real/fake targets. " +
                "Use it with GanLoss.NonSaturating, GanLoss.Minimax or GanLoss.LeastSquares, or set it to 0.", "Remedies.LabelSmoothing.Amount");

    }

    /// <summary>The methods on that build MLP players of their own (MAD-GAN's generators, VEEGAN's reconstructor, EBGAN's autoencoder).</summary>
    private static IEnumerable<string> MethodsWithOwnMlpPlayers(GanOptions options)
    {
        if (options.Remedies.MultipleGenerators.Count > 1)
            yield return "Remedies.MultipleGenerators (MAD-GAN)";
        if (options.Remedies.Reconstructor.Enabled)
            yield return "Remedies.Reconstructor (VEEGAN)";
        if (options.Remedies.EnergyBased.Enabled)
            yield return "Remedies.EnergyBased (EBGAN)";
    }

    /// <summary>What the DCGAN networks cannot do (yet): the methods with MLP players of their own, and MLP-only layers.</summary>
    private static void ValidateConvolutional(GanOptions options)
    {
        var mlpOnly = MethodsWithOwnMlpPlayers(options).ToList();
        if (options.Networks.Discriminator.Dropout > 0)
            mlpOnly.Add("Networks.Discriminator.Dropout (a layer of the MLP discriminator)");
        if (mlpOnly.Count > 0)
            Fail($"The DCGAN networks (GanOptions.Networks.Architecture = {options.Networks.Architecture}, chosen for image columns) do not combine with {string.Join(" and ", mlpOnly)}: " +
                "their networks are MLPs. Turn those off for images, or set Networks.Architecture = GanArchitecture.Mlp to train MLPs on the flattened pixels.", "Networks.Architecture");
    }

    /// <summary>The methods whose extra players take no label (yet).</summary>
    private static void ValidateConditional(GanOptions options)
    {
        var unconditional = MethodsWithOwnMlpPlayers(options).ToList();
        if (unconditional.Count > 0)
            Fail($"GanOptions.LabelColumnName (a conditional GAN) does not combine with {string.Join(" and ", unconditional)}: their extra networks take no label. " +
                "Turn those off, or set LabelColumnName = null for an unconditional GAN.", nameof(GanOptions.LabelColumnName));
    }

    private static void Fail(string message, string option) => throw new ArgumentException(message, option);
}
