using MLGan.Engine;
using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>
/// What an objective is, decided once and used by validation, the loss-trend signals and messages alike.
/// </summary>
/// <param name="IsClassifier">The discriminator separates real from generated rows with a bounded loss, so a loss near 0 means it wins (all but the Wasserstein critics).</param>
/// <param name="HasRealLabel">The discriminator's loss has a target label for real rows, which one-sided label smoothing can lower.</param>
/// <param name="NeedsLipschitzBound">The critic must be kept Lipschitz (weight clipping or a gradient penalty), which the objective brings itself.</param>
internal sealed record ObjectiveTraits(bool IsClassifier, bool HasRealLabel, bool NeedsLipschitzBound);

/// <summary>
/// An adversarial objective as a pair of loss terms (discriminator and generator) with its traits, and the Lipschitz
/// rule it brings (WGAN: weight clipping after each critic update; WGAN-GP: the gradient penalty term).
/// </summary>
internal sealed class AdversarialObjective
{
    private AdversarialObjective(GanLoss loss, IGanObjective scores, ObjectiveTraits traits)
    {
        Loss = loss;
        Scores = scores;
        Traits = traits;
    }

    public GanLoss Loss { get; }

    /// <summary>The two losses as functions of the discriminator's scores.</summary>
    public IGanObjective Scores { get; }

    public ObjectiveTraits Traits { get; }

    public static ObjectiveTraits TraitsOf(GanLoss loss) => loss switch
    {
        GanLoss.Minimax or GanLoss.NonSaturating or GanLoss.LeastSquares => new(IsClassifier: true, HasRealLabel: true, NeedsLipschitzBound: false),
        GanLoss.Hinge => new(IsClassifier: true, HasRealLabel: false, NeedsLipschitzBound: false),
        GanLoss.Wasserstein or GanLoss.WassersteinGP => new(IsClassifier: false, HasRealLabel: false, NeedsLipschitzBound: true),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GanLoss."),
    };

    /// <param name="realTarget">The real rows' label for the objectives that have one: 1, or less with one-sided label smoothing.</param>
    public static AdversarialObjective For(GanLoss loss, double realTarget = 1)
    {
        IGanObjective scores = loss switch
        {
            GanLoss.Minimax => new MinimaxObjective(realTarget),
            GanLoss.NonSaturating => new NonSaturatingObjective(realTarget),
            GanLoss.LeastSquares => new LeastSquaresObjective(realTarget),
            GanLoss.Wasserstein or GanLoss.WassersteinGP => new WassersteinObjective(),
            GanLoss.Hinge => new HingeObjective(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GanLoss."),
        };
        return new AdversarialObjective(loss, scores, TraitsOf(loss));
    }

    /// <summary>Adds the objective's terms to the phases and its Lipschitz rule.</summary>
    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new DiscriminatorObjectiveTerm(Scores), 1, "Objective.Loss"));
        plan.GeneratorPhase.Terms.Add(new WeightedTerm(new GeneratorObjectiveTerm(Scores), 1, "Objective.Loss"));
        if (Loss == GanLoss.WassersteinGP)
            plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new GradientPenalty(), options.Objective.GradientPenaltyWeight, "Objective.Loss = WassersteinGP"));
        if (Loss == GanLoss.Wasserstein)
            plan.DiscriminatorPhase.AfterUpdate.Add(new WeightClipping(options.Objective.WeightClipValue));
    }

    /// <summary>
    /// Puts <paramref name="term"/> where the objective's own term of <paramref name="phase"/> was, so the other terms keep
    /// their order: for the methods that bring their own objective (GMAN, EBGAN, MAD-GAN, VEEGAN), named by <paramref name="option"/>.
    /// </summary>
    public static void Replace(Phase phase, ILossTerm term, string option)
    {
        int index = phase.Terms.FindIndex(t => t.Option == "Objective.Loss");
        phase.Terms[index] = new WeightedTerm(term, 1, option);
    }

    private sealed class DiscriminatorObjectiveTerm(IGanObjective scores) : ILossTerm
    {
        public string Name => "discriminator objective";

        public Tensor Compute(IPhaseContext context) => scores.DiscriminatorLoss(context.RealScores, context.FakeScores);
    }

    private sealed class GeneratorObjectiveTerm(IGanObjective scores) : ILossTerm
    {
        public string Name => "generator objective";

        public Tensor Compute(IPhaseContext context) => scores.GeneratorLoss(context.FakeScores);
    }
}
