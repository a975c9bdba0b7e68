using MLGan.Engine;
using static TorchSharp.torch;

using static MLGan.OptionChecks;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// Feature matching (Salimans et al. 2016): ‖E f(x) − E f(G(z))‖₂², the squared distance between the mean
/// discriminator features of a real and a generated batch. The generator is asked to match the data's
/// statistics rather than to fool the current discriminator, which is harder to satisfy with a few modes.
/// </summary>
internal sealed class FeatureMatching : ILossTerm
{
    public string Name => "feature matching";

    public Tensor Compute(IPhaseContext context) => Loss(context.Features, context.Real, context.Fake);

    /// <param name="features">The discriminator's feature map (its last hidden layer).</param>
    /// <param name="real">Real rows; no gradient flows into their features.</param>
    /// <param name="fake">Generated rows; the loss is differentiable with respect to them.</param>
    public static Tensor Loss(Func<Tensor, Tensor> features, Tensor real, Tensor fake)
    {
        Tensor realMean;
        using (no_grad())
            realMean = features(real).mean(new long[] { 0 });
        return (features(fake).mean(new long[] { 0 }) - realMean).Squared().sum();
    }
}

/// <summary><see cref="FeatureMatchingOptions.Weight"/>: the term in the generator's phase.</summary>
internal sealed class FeatureMatchingRemedy : IRemedy
{
    public void Validate(GanOptions options)
    {
        RequireNonNegative(options.Remedies.FeatureMatching.Weight, "Remedies.FeatureMatching.Weight");
        if (IsOn(options) && options.Networks.Discriminator.HiddenLayers.Length == 0)
            throw new ArgumentException("GanOptions.Remedies.FeatureMatching.Weight matches the discriminator's hidden features, but GanOptions.Networks.Discriminator.HiddenLayers is empty. " +
                "Add a hidden layer or set the weight to 0.", "Remedies.FeatureMatching.Weight");
    }

    public bool IsOn(GanOptions options) => options.Remedies.FeatureMatching.Weight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
        => plan.GeneratorPhase.Terms.Add(new WeightedTerm(new FeatureMatching(), options.Remedies.FeatureMatching.Weight, "Remedies.FeatureMatching.Weight"));
}
