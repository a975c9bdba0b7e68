using MLGan.Engine;
using MLGan.Objectives;
using static MLGan.OptionChecks;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// Several discriminators (GMAN, Durugkar et al. 2017): N discriminators of the same architecture, initialized differently,
/// each trained with the objective's discriminator loss in one shared phase; the generator minimizes the softmax-weighted
/// mean of its N objective losses, Σᵢ softmax(λ·L)ᵢ·Lᵢ: λ = 0 is the arithmetic mean (GMAN-0), a large λ approaches the
/// hardest discriminator's loss (GMAN-max).
/// </summary>
internal sealed class MultipleDiscriminatorsRemedy : IRemedy
{
    public void Validate(GanOptions options)
    {
        var settings = options.Remedies.MultipleDiscriminators;
        RequireInRange(settings.Count, 1, 8, "Remedies.MultipleDiscriminators.Count");
        RequireNonNegative(settings.Lambda, "Remedies.MultipleDiscriminators.Lambda");
        if (!IsOn(options))
            return;
        var conflicts = new List<string>();
        if (options.Objective.Loss is GanLoss.Wasserstein or GanLoss.WassersteinGP)
            conflicts.Add($"Objective.Loss = {options.Objective.Loss}");
        if (options.Remedies.Dragan.Weight > 0)
            conflicts.Add("Remedies.Dragan");
        if (options.Remedies.R1.Weight > 0)
            conflicts.Add("Remedies.R1");
        if (options.Remedies.Unrolling.Steps > 0)
            conflicts.Add("Remedies.Unrolling");
        if (conflicts.Count > 0)
            throw new ArgumentException(
                $"GanOptions.Remedies.MultipleDiscriminators does not combine with {string.Join(" and ", conflicts)} yet: their Lipschitz rules, penalties and " +
                "lookahead act on one discriminator. Use Count = 1, or a classifier objective (Hinge, NonSaturating, LeastSquares, Minimax) without them.",
                "Remedies.MultipleDiscriminators.Count");
    }

    public bool IsOn(GanOptions options) => options.Remedies.MultipleDiscriminators.Count > 1;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        var first = plan.Players.Single(p => p.Name == TrainingPlan.DiscriminatorName);
        var names = new List<string> { first.Name };
        for (int i = 2; i <= options.Remedies.MultipleDiscriminators.Count; i++)
        {
            var player = first with { Name = TrainingPlan.DiscriminatorName + i };
            plan.Players.Add(player);
            names.Add(player.Name);
            plan.DiscriminatorPhase.Updates.Add(player.Name);
        }
        var scores = AdversarialObjective.For(options.Objective.Loss, 1 - options.Remedies.LabelSmoothing.Amount).Scores;
        AdversarialObjective.Replace(plan.DiscriminatorPhase, new DiscriminatorsTerm(scores, names), "Remedies.MultipleDiscriminators");
        AdversarialObjective.Replace(plan.GeneratorPhase, new SoftmaxMeanTerm(scores, names, options.Remedies.MultipleDiscriminators.Lambda), "Remedies.MultipleDiscriminators");
    }

    /// <summary>Σᵢ softmax(λ·L)ᵢ·Lᵢ over the last dimension of <paramref name="losses"/>; differentiable through the weights, as in GMAN.</summary>
    public static Tensor SoftmaxMean(Tensor losses, double lambda)
        => lambda == 0 ? losses.mean() : (nn.functional.softmax(losses.Times(lambda), 0) * losses).sum();

    /// <summary>Every discriminator's objective loss, summed: one backward pass trains them all.</summary>
    private sealed class DiscriminatorsTerm(IGanObjective scores, IReadOnlyList<string> discriminators) : ILossTerm
    {
        public string Name => "discriminators' objectives";

        public Tensor Compute(IPhaseContext context)
        {
            Tensor? sum = null;
            foreach (var name in discriminators)
            {
                var loss = scores.DiscriminatorLoss(context.Score(name, context.Real), context.Score(name, context.Fake));
                sum = sum is null ? loss : sum.Plus(loss);
            }
            return sum!;
        }
    }

    private sealed class SoftmaxMeanTerm(IGanObjective scores, IReadOnlyList<string> discriminators, double lambda) : ILossTerm
    {
        public string Name => "generator objective against every discriminator";

        public Tensor Compute(IPhaseContext context)
            => SoftmaxMean(stack(discriminators.Select(name => scores.GeneratorLoss(context.Score(name, context.Fake))).ToArray()), lambda);
    }
}
