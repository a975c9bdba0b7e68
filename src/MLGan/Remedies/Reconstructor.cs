using MLGan.Engine;
using MLGan.Networks;
using MLGan.Objectives;
using static MLGan.OptionChecks;
using static TorchSharp.torch;

namespace MLGan.Remedies;

/// <summary>
/// VEEGAN (Srivastava et al. 2017): a reconstructor player F (an MLP from rows to latents) and a discriminator of
/// (row, latent) pairs. The discriminator's phase applies the objective to real pairs (x, F(x)) against generated pairs
/// (G(z), z); the generator's phase updates G and F with the objective's generator loss on generated pairs plus the
/// reconstruction penalty ‖z − F(G(z))‖². F learns from the penalty alone, as in the paper's algorithm.
/// </summary>
internal sealed class ReconstructorRemedy : IRemedy
{
    public const string PlayerName = "reconstructor";

    public void Validate(GanOptions options)
    {
        var settings = options.Remedies.Reconstructor;
        RequireNonNegative(settings.Weight, "Remedies.Reconstructor.Weight");
        if (settings.HiddenLayers is { } hidden && hidden.Any(h => h <= 0))
            throw new ArgumentException($"GanOptions.Remedies.Reconstructor.HiddenLayers must hold positive widths (got [{string.Join(", ", hidden)}]).",
                "Remedies.Reconstructor.HiddenLayers");
        if (!IsOn(options))
            return;
        var remedies = options.Remedies;
        var conflicts = new List<string>();
        if (options.Objective.Loss == GanLoss.WassersteinGP)
            conflicts.Add("Objective.Loss = WassersteinGP");
        if (remedies.Dragan.Weight > 0 || remedies.R1.Weight > 0)
            conflicts.Add("gradient penalties (Remedies.Dragan, Remedies.R1)");
        if (remedies.FeatureMatching.Weight > 0)
            conflicts.Add("Remedies.FeatureMatching");
        if (remedies.InstanceNoise.InitialStd > 0)
            conflicts.Add("Remedies.InstanceNoise");
        if (remedies.MultipleDiscriminators.Count > 1)
            conflicts.Add("Remedies.MultipleDiscriminators");
        if (remedies.EnergyBased.Enabled)
            conflicts.Add("Remedies.EnergyBased");
        if (remedies.MultipleGenerators.Count > 1)
            conflicts.Add("Remedies.MultipleGenerators");
        if (conflicts.Count > 0)
            throw new ArgumentException(
                $"GanOptions.Remedies.Reconstructor (VEEGAN) makes the discriminator judge (row, latent) pairs, so it does not combine with " +
                $"{string.Join(", ", conflicts)}, which act on rows alone. Turn those off, or Reconstructor.Enabled off.", "Remedies.Reconstructor.Enabled");
    }

    public bool IsOn(GanOptions options) => options.Remedies.Reconstructor.Enabled;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        var generator = plan.Players.Single(p => p.Name == TrainingPlan.GeneratorName);
        var generatorSpec = (MlpSpec)generator.Spec;
        var hidden = options.Remedies.Reconstructor.HiddenLayers ?? generatorSpec.HiddenSizes.ToArray();
        plan.Players.Add(new PlayerPlan(PlayerName,
            new MlpSpec(generatorSpec.OutputSize, hidden, generatorSpec.InputSize, generatorSpec.Activation, GanNormalization.None), generator.Adam));
        int discriminator = plan.Players.FindIndex(p => p.Name == TrainingPlan.DiscriminatorName);
        var discriminatorSpec = (DiscriminatorSpec)plan.Players[discriminator].Spec;
        plan.Players[discriminator] = plan.Players[discriminator] with
        {
            Spec = discriminatorSpec with { InputSize = discriminatorSpec.InputSize + generatorSpec.InputSize },
        };
        plan.GeneratorPhase.Updates.Add(PlayerName);

        var scores = AdversarialObjective.For(options.Objective.Loss, 1 - options.Remedies.LabelSmoothing.Amount).Scores;
        Replace(plan.DiscriminatorPhase, new PairDiscriminatorTerm(scores));
        Replace(plan.GeneratorPhase, new PairGeneratorTerm(scores));
        plan.GeneratorPhase.Terms.Add(new WeightedTerm(new ReconstructionTerm(), options.Remedies.Reconstructor.Weight, "Remedies.Reconstructor.Weight"));
    }

    private static void Replace(Phase phase, ILossTerm term)
    {
        int index = phase.Terms.FindIndex(t => t.Option == "Objective.Loss");
        phase.Terms[index] = new WeightedTerm(term, 1, "Remedies.Reconstructor");
    }

    /// <summary>The reconstruction penalty: ‖z − ẑ‖² summed over the latent's values, averaged over the rows.</summary>
    public static Tensor ReconstructionLoss(Tensor latents, Tensor reconstructed) => (latents - reconstructed).square().sum(1).mean();

    private static Tensor Pairs(Tensor rows, Tensor latents) => cat(new[] { rows, latents }, 1);

    private sealed class PairDiscriminatorTerm(IGanObjective scores) : ILossTerm
    {
        public string Name => "objective on (row, latent) pairs";

        public Tensor Compute(IPhaseContext context)
        {
            var inferred = context.Network(PlayerName).forward(context.Real); // frozen here: no graph
            return scores.DiscriminatorLoss(context.Score(Pairs(context.Real, inferred)), context.Score(Pairs(context.Fake, context.Latents)));
        }
    }

    private sealed class PairGeneratorTerm(IGanObjective scores) : ILossTerm
    {
        public string Name => "generator objective on (row, latent) pairs";

        public Tensor Compute(IPhaseContext context) => scores.GeneratorLoss(context.Score(Pairs(context.Fake, context.Latents)));
    }

    private sealed class ReconstructionTerm : ILossTerm
    {
        public string Name => "VEEGAN reconstruction penalty";

        public Tensor Compute(IPhaseContext context) => ReconstructionLoss(context.Latents, context.Network(PlayerName).forward(context.Fake));
    }
}
