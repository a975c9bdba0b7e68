using TorchSharp;
using MLGan.Engine;
using MLGan.Objectives;
using MLGan.Networks;
using static MLGan.OptionChecks;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// MAD-GAN (Ghosh et al. 2018): the generator player becomes k generators (<see cref="GeneratorMixture"/>) and the
/// discriminator gets k + 1 class logits. The discriminator minimizes the cross-entropy of the real rows against class k
/// plus, for each generator i, that of its rows against class i (the paper's sum); the generators minimize the mean over i
/// of −log D_real(Gᵢ(z)) (non-saturating), or of log(1 − D_real(Gᵢ(z))) with the minimax objective. Every generator maps
/// the batch's latents; their rows are scored together.
/// </summary>
internal sealed class MultipleGeneratorsRemedy : IRemedy
{
    public void Validate(GanOptions options)
    {
        var settings = options.Remedies.MultipleGenerators;
        RequireInRange(settings.Count, 1, GeneratorMixtureSpec.MaxCount, "Remedies.MultipleGenerators.Count");
        if (!IsOn(options))
            return;
        var remedies = options.Remedies;
        var conflicts = new List<string>();
        if (options.Objective.Loss is GanLoss.Wasserstein or GanLoss.WassersteinGP)
            conflicts.Add($"Objective.Loss = {options.Objective.Loss}");
        conflicts.AddRange(MethodConflicts.GradientPenalties(options));
        if (remedies.LabelSmoothing.Amount > 0)
            conflicts.Add("Remedies.LabelSmoothing");
        conflicts.AddRange(MethodConflicts.OtherMethods(options, "Remedies.MultipleGenerators"));
        if (conflicts.Count > 0)
            throw new ArgumentException(
                $"GanOptions.Remedies.MultipleGenerators (MAD-GAN) gives the discriminator k + 1 class logits and its own cross-entropy objective, so it does not combine with " +
                $"{string.Join(", ", conflicts)}. Change them (for Objective.Loss: NonSaturating, or Minimax for the minimax generator loss), or set MultipleGenerators.Count = 1 (one generator: MAD-GAN off).",
                "Remedies.MultipleGenerators.Count");
    }

    public bool IsOn(GanOptions options) => options.Remedies.MultipleGenerators.Count > 1;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        var settings = options.Remedies.MultipleGenerators;
        int generator = plan.Players.FindIndex(p => p.Name == TrainingPlan.GeneratorName);
        plan.Players[generator] = plan.Players[generator] with
        {
            Spec = new GeneratorMixtureSpec((MlpSpec)plan.Players[generator].Spec, settings.Count, settings.ShareHiddenLayers),
        };
        int discriminator = plan.Players.FindIndex(p => p.Name == TrainingPlan.DiscriminatorName);
        plan.Players[discriminator] = plan.Players[discriminator] with
        {
            Spec = ((DiscriminatorSpec)plan.Players[discriminator].Spec) with { Outputs = settings.Count + 1 },
        };
        AdversarialObjective.Replace(plan.DiscriminatorPhase, new ClassifierTerm(), "Remedies.MultipleGenerators");
        AdversarialObjective.Replace(plan.GeneratorPhase, new RealClassTerm(options.Objective.Loss == GanLoss.Minimax), "Remedies.MultipleGenerators");
    }

    /// <summary>
    /// The discriminator's loss from its logits [rows, k + 1]: mean cross-entropy of the real rows against class k, plus for
    /// each generator i the mean cross-entropy of its rows against class i.
    /// </summary>
    public static Tensor DiscriminatorLoss(Tensor realLogits, IReadOnlyList<Tensor> generatedLogits)
    {
        int k = generatedLogits.Count;
        var loss = CrossEntropy(realLogits, k);
        for (int i = 0; i < k; i++)
            loss = loss.Plus(CrossEntropy(generatedLogits[i], i));
        return loss;
    }

    /// <summary>
    /// The generators' loss from the discriminator's logits of each generator's rows: the mean over generators of
    /// −mean log D_real (non-saturating), or of mean log(1 − D_real) (<paramref name="minimax"/>).
    /// </summary>
    public static Tensor GeneratorLoss(IReadOnlyList<Tensor> generatedLogits, bool minimax)
    {
        int k = generatedLogits.Count;
        Tensor? sum = null;
        foreach (var logits in generatedLogits)
        {
            var logProbabilities = nn.functional.log_softmax(logits, 1);
            var loss = minimax
                ? (logits.narrow(1, 0, k).logsumexp(1, keepdim: false) - logits.logsumexp(1, keepdim: false)).mean() // log(1 − p_real)
                : -logProbabilities.select(1, k).mean();
            sum = sum is null ? loss : sum.Plus(loss);
        }
        return sum!.DividedBy(k);
    }

    private static Tensor CrossEntropy(Tensor logits, int target)
    {
        using var label = ((long)target).ToScalar();
        return nn.functional.cross_entropy(logits, full(logits.shape[0], label, dtype: ScalarType.Int64, device: logits.device));
    }

    /// <summary>
    /// The discriminator's logits of each generator's rows for the batch's latents (a graph through the generators only
    /// when the phase updates them). All k generators' rows are scored as one batch, generator by generator, so that the
    /// minibatch layers compare the mixture's rows with the real batch: scored apart, a generator that keeps to one mode
    /// would look too narrow next to the real batch, which pushes every generator to cover every mode.
    /// </summary>
    private static List<Tensor> GeneratedLogits(IPhaseContext context)
    {
        var mixture = (GeneratorMixture)context.Network(TrainingPlan.GeneratorName);
        Tensor each;
        if (context.Updates(TrainingPlan.GeneratorName))
            each = mixture.ForwardEach(context.Latents);
        else
        {
            using (no_grad())
                each = mixture.ForwardEach(context.Latents);
        }
        var logits = context.Score(each.reshape(-1, each.shape[2]));
        return logits.chunk(mixture.Count, 0).ToList();
    }

    private sealed class ClassifierTerm : ILossTerm
    {
        public string Name => "MAD-GAN (k+1)-way cross-entropy";

        public Tensor Compute(IPhaseContext context) => DiscriminatorLoss(context.RealScores, GeneratedLogits(context));
    }

    private sealed class RealClassTerm(bool minimax) : ILossTerm
    {
        public string Name => "MAD-GAN generators toward the real class";

        public Tensor Compute(IPhaseContext context) => GeneratorLoss(GeneratedLogits(context), minimax);
    }
}
