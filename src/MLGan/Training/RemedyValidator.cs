using System.Globalization;
using MLGan.Engine;
using MLGan.Objectives;
using static MLGan.Training.GanOptionsValidator;

namespace MLGan.Training;

/// <summary>
/// Checks the remedy options of <see cref="GanOptions"/>: each value on its own, then the combinations that do not
/// make sense together, with a message that says why and what to use instead.
/// </summary>
internal static class RemedyValidator
{
    public static void Validate(GanOptions options)
    {
        RequirePositive(options.PackingDegree, nameof(GanOptions.PackingDegree));
        RequireInRange(options.UnrolledSteps, 0, 100, nameof(GanOptions.UnrolledSteps));
        if (options.MinibatchDiscrimination)
        {
            RequirePositive(options.MinibatchKernels, nameof(GanOptions.MinibatchKernels));
            RequirePositive(options.MinibatchKernelDimension, nameof(GanOptions.MinibatchKernelDimension));
        }
        RequireNonNegative(options.FeatureMatchingWeight, nameof(GanOptions.FeatureMatchingWeight));
        RequireNonNegative(options.DraganPenaltyWeight, nameof(GanOptions.DraganPenaltyWeight));
        RequireNonNegative(options.R1PenaltyWeight, nameof(GanOptions.R1PenaltyWeight));
        RequireInRange(options.R1PenaltyInterval, 1, 1000, nameof(GanOptions.R1PenaltyInterval));
        RequireNonNegative(options.InstanceNoise, nameof(GanOptions.InstanceNoise));
        RequireInRange(options.DiscriminatorDropout, 0, 0.95, nameof(GanOptions.DiscriminatorDropout));
        RequireInRange(options.RealLabelSmoothing, 0, 0.5, nameof(GanOptions.RealLabelSmoothing));
        RequireInRange(options.GeneratorEmaDecay, 0, 0.99999, nameof(GanOptions.GeneratorEmaDecay));
        ValidateCombinations(options);
    }

    private static void ValidateCombinations(GanOptions options)
    {
        BatchSizeRules.Check(options); // packing, minibatch layers and batch normalization against BatchSize

        // The plan is made of options alone (no tensors): its terms say which differentiate the discriminator's input.
        var plan = GanTrainingPlan.From(options, featureSize: 1, totalSteps: 1);
        var penalties = plan.Terms.Where(t => t.Term.NeedsInputGradients).Select(t => t.Option).ToList();
        if (options.DiscriminatorNormalization == GanNormalization.BatchNorm && penalties.Count > 0)
            Fail($"GanOptions.DiscriminatorNormalization = BatchNorm does not combine with {string.Join(" and ", penalties)}: a gradient penalty constrains each row's score on its own, " +
                "and batch normalization makes scores depend on the whole batch (Gulrajani et al. 2017). Use DiscriminatorNormalization = LayerNorm or None.", nameof(GanOptions.DiscriminatorNormalization));

        if (options.SpectralNorm && plan.DiscriminatorPhase.AfterUpdate.OfType<WeightClipping>().Any())
            Fail("GanOptions.SpectralNorm and GanLoss.Wasserstein's weight clipping both bound the critic's Lipschitz constant; use one. " +
                "Spectral normalization usually trains better: combine it with GanLoss.Hinge or GanLoss.WassersteinGP's objective instead.", nameof(GanOptions.SpectralNorm));

        if (options.RealLabelSmoothing > 0 && !AdversarialObjective.TraitsOf(options.Loss).HasRealLabel)
            Fail($"GanOptions.RealLabelSmoothing smooths the real label of a classifier objective, but GanOptions.Loss = {options.Loss} has no labels. " +
                "Use it with GanLoss.NonSaturating, GanLoss.Minimax or GanLoss.LeastSquares, or set it to 0.", nameof(GanOptions.RealLabelSmoothing));

        if (options.FeatureMatchingWeight > 0 && options.DiscriminatorHiddenLayers.Length == 0)
            Fail("GanOptions.FeatureMatchingWeight matches the discriminator's hidden features, but GanOptions.DiscriminatorHiddenLayers is empty. Add a hidden layer or set the weight to 0.",
                nameof(GanOptions.FeatureMatchingWeight));

    }

    private static void Fail(string message, string option) => throw new ArgumentException(message, option);

    private static void RequireNonNegative(double value, string option)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} must be 0 (off) or a positive finite number (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    private static void RequireInRange(double value, double min, double max, string option)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(option, value, string.Format(CultureInfo.InvariantCulture,
                "GanOptions.{0} must be in [{1}, {2}] (got {3}).", option, min, max, value));
    }
}
