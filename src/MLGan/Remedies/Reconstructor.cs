using MLGan.Engine;
using MLGan.Networks;
using MLGan.Objectives;
using static MLGan.OptionChecks;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// VEEGAN (Srivastava et al. 2017): a reconstructor player F (an MLP from rows to latents) and a discriminator of
/// (row, latent) pairs. The discriminator's phase applies the objective to real pairs (x, F(x)) against generated pairs
/// (G(z), z); the generator's phase updates G and F adversarially, each pushing its pairs toward the other side (as in
/// ALI and BiGAN, on which VEEGAN builds), plus the reconstruction penalty ‖z − F(G(z))‖². The paper's algorithm trains F with
/// the penalty alone; MLGan's trial of that on three blobs failed: the discriminator told the pairs apart by their
/// latent half alone (F(x) looks nothing like a Gaussian draw), its loss went to 0 within 200 steps and the generator
/// stopped learning. Training F adversarially as well makes F(x) look like the prior.
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
        conflicts.AddRange(MethodConflicts.GradientPenalties(options));
        if (remedies.FeatureMatching.Weight > 0)
            conflicts.Add("Remedies.FeatureMatching");
        if (remedies.InstanceNoise.InitialStd > 0)
            conflicts.Add("Remedies.InstanceNoise");
        conflicts.AddRange(MethodConflicts.OtherMethods(options, "Remedies.Reconstructor"));
        if (conflicts.Count > 0)
            throw new ArgumentException(
                $"GanOptions.Remedies.Reconstructor (VEEGAN) makes the discriminator judge (row, latent) pairs, so it does not combine with " +
                $"{string.Join(", ", conflicts)}, which act on rows alone. Turn them off, or set Reconstructor.Enabled = false.", "Remedies.Reconstructor.Enabled");
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
        AdversarialObjective.Replace(plan.DiscriminatorPhase, new PairDiscriminatorTerm(scores), "Remedies.Reconstructor");
        AdversarialObjective.Replace(plan.GeneratorPhase, new PairGeneratorTerm(scores), "Remedies.Reconstructor");
        plan.GeneratorPhase.Terms.Add(new WeightedTerm(new ReconstructionTerm(), options.Remedies.Reconstructor.Weight, "Remedies.Reconstructor.Weight"));
    }

    /// <summary>
    /// Warns when the latent is wider than the rows: the reconstructor cannot invert the generator then (rows of
    /// <paramref name="featureSize"/> values cannot hold more latent values), the discriminator tells the pairs apart by
    /// their latent half and training fails (measured on three blobs: every blob covered with a 2-value latent, one or two
    /// with 4).
    /// </summary>
    public IEnumerable<string> StartWarnings(GanOptions options, int featureSize)
    {
        int latent = options.Networks.LatentSize(featureSize); // VEEGAN takes vector rows, never images
        if (latent > featureSize)
            yield return $"GanOptions.Remedies.Reconstructor (VEEGAN) needs a generator it can invert, but Networks.LatentDimension = {latent} is more than " +
                $"the {featureSize} values of a row; set Networks.LatentDimension to at most {featureSize}";
    }

    /// <summary>The reconstruction penalty: ‖z − ẑ‖² summed over the latent's values, averaged over the rows.</summary>
    public static Tensor ReconstructionLoss(Tensor latents, Tensor reconstructed) => (latents - reconstructed).Squared().sum(1).mean();

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

    /// <summary>
    /// G and F against the discriminator: the objective's generator loss on generated pairs, and the same loss on the
    /// negated scores of real pairs, which pushes F's pairs toward "generated" (−log(1 − D) for the non-saturating loss,
    /// +D for hinge and Wasserstein).
    /// </summary>
    private sealed class PairGeneratorTerm(IGanObjective scores) : ILossTerm
    {
        public string Name => "generator objective on (row, latent) pairs, both ways";

        public Tensor Compute(IPhaseContext context)
        {
            var inferred = context.Network(PlayerName).forward(context.Real);
            return scores.GeneratorLoss(context.Score(Pairs(context.Fake, context.Latents))).Plus(scores.GeneratorLoss(-context.Score(Pairs(context.Real, inferred))));
        }
    }

    private sealed class ReconstructionTerm : ILossTerm
    {
        public string Name => "VEEGAN reconstruction penalty";

        public Tensor Compute(IPhaseContext context) => ReconstructionLoss(context.Latents, context.Network(PlayerName).forward(context.Fake));
    }
}
