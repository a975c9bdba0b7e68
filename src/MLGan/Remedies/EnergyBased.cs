using MLGan.Engine;
using MLGan.Objectives;
using MLGan.Networks;
using static MLGan.OptionChecks;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// EBGAN (Zhao et al. 2017): the discriminator is an autoencoder whose energy E(x) is its reconstruction error. It
/// minimizes E(x) + [m − E(G(z))]⁺ (margin m), the generator minimizes E(G(z)) plus the pulling-away term on the
/// autoencoder's codes of a generated batch, which pushes those codes apart (towards orthogonal), against collapse.
/// </summary>
internal sealed class EnergyBasedRemedy : IRemedy
{
    public void Validate(GanOptions options)
    {
        var settings = options.Remedies.EnergyBased;
        RequirePositive(settings.Margin, "Remedies.EnergyBased.Margin");
        RequireNonNegative(settings.PullingAwayWeight, "Remedies.EnergyBased.PullingAwayWeight");
        RequirePositive(settings.CodeSize, "Remedies.EnergyBased.CodeSize");
        if (!IsOn(options))
            return;
        var conflicts = new List<string>();
        var remedies = options.Remedies;
        if (options.Objective.Loss is GanLoss.Wasserstein or GanLoss.WassersteinGP)
            conflicts.Add($"Objective.Loss = {options.Objective.Loss}");
        if (remedies.MinibatchStandardDeviation.Enabled)
            conflicts.Add("Remedies.MinibatchStandardDeviation (on by default: set Enabled = false)");
        if (remedies.MinibatchDiscrimination.Enabled)
            conflicts.Add("Remedies.MinibatchDiscrimination");
        if (remedies.Packing.Degree > 1)
            conflicts.Add("Remedies.Packing");
        if (remedies.SpectralNorm.Enabled)
            conflicts.Add("Remedies.SpectralNorm");
        conflicts.AddRange(MethodConflicts.GradientPenalties(options));
        if (remedies.LabelSmoothing.Amount > 0)
            conflicts.Add("Remedies.LabelSmoothing");
        conflicts.AddRange(MethodConflicts.OtherMethods(options, "Remedies.EnergyBased"));
        if (options.Networks.Discriminator.Dropout > 0 || options.Networks.Discriminator.Normalization != GanNormalization.None)
            conflicts.Add("Networks.Discriminator.Dropout or Normalization");
        if (options.Networks.Discriminator.Activation == GanActivation.Maxout)
            conflicts.Add("Networks.Discriminator.Activation = Maxout");
        if (conflicts.Count > 0)
            throw new ArgumentException(
                $"GanOptions.Remedies.EnergyBased replaces the discriminator with an autoencoder and the objective with EBGAN's, so it does not combine with " +
                $"{string.Join(", ", conflicts)}. Turn those off or EnergyBased.Enabled off.", "Remedies.EnergyBased.Enabled");
    }

    public bool IsOn(GanOptions options) => options.Remedies.EnergyBased.Enabled;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        var settings = options.Remedies.EnergyBased;
        int index = plan.Players.FindIndex(p => p.Name == TrainingPlan.DiscriminatorName);
        var mlp = (DiscriminatorSpec)plan.Players[index].Spec;
        plan.Players[index] = plan.Players[index] with
        {
            Spec = new AutoencoderDiscriminatorSpec(mlp.InputSize, mlp.Hidden.Sizes, settings.CodeSize, mlp.Hidden.Activation),
        };
        AdversarialObjective.Replace(plan.DiscriminatorPhase, new MarginTerm(settings.Margin), "Remedies.EnergyBased");
        AdversarialObjective.Replace(plan.GeneratorPhase, new EnergyTerm(), "Remedies.EnergyBased");
        if (settings.PullingAwayWeight > 0)
            plan.GeneratorPhase.Terms.Add(new WeightedTerm(new PullingAwayTerm(), settings.PullingAwayWeight, "Remedies.EnergyBased.PullingAwayWeight"));
    }

    /// <summary>The discriminator's margin loss: mean E(x) + mean [m − E(G(z))]⁺.</summary>
    public static Tensor MarginLoss(Tensor realEnergy, Tensor fakeEnergy, double margin)
        => realEnergy.mean().Plus(fakeEnergy.SubtractedFrom(margin).relu().mean());

    /// <summary>
    /// The pulling-away term of a batch of codes S ∈ R^{N×C}: 1/(N(N−1)) Σ_{i≠j} (Sᵢ·Sⱼ / (‖Sᵢ‖‖Sⱼ‖))². 0 for mutually
    /// orthogonal codes, 1 for identical directions.
    /// </summary>
    public static Tensor PullingAway(Tensor codes)
    {
        long n = codes.shape[0];
        var unit = nn.functional.normalize(codes, dim: 1);
        var cosines = unit.mm(unit.t()).Squared();
        return (cosines.sum() - cosines.diagonal().sum()).DividedBy(n * (n - 1));
    }

    private sealed class MarginTerm(double margin) : ILossTerm
    {
        public string Name => "EBGAN margin loss";

        public Tensor Compute(IPhaseContext context) => MarginLoss(context.RealScores, context.FakeScores, margin);
    }

    private sealed class EnergyTerm : ILossTerm
    {
        public string Name => "energy of generated rows";

        public Tensor Compute(IPhaseContext context) => context.FakeScores.mean();
    }

    private sealed class PullingAwayTerm : ILossTerm
    {
        public string Name => "pulling-away term";

        public Tensor Compute(IPhaseContext context) => PullingAway(context.Features(context.Fake));
    }
}
