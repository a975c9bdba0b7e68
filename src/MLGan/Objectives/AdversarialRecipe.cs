namespace MLGan.Objectives;

/// <summary>
/// The objective of one training run with its extra discriminator terms and parameter constraints,
/// assembled from <see cref="GanOptions"/>. The training loop only sees this composition.
/// </summary>
internal sealed record AdversarialRecipe(
    IGanObjective Objective,
    IReadOnlyList<IDiscriminatorPenalty> DiscriminatorPenalties,
    IReadOnlyList<IDiscriminatorConstraint> DiscriminatorConstraints)
{
    public static AdversarialRecipe From(GanOptions options)
    {
        double realTarget = 1 - options.RealLabelSmoothing;
        IGanObjective objective = options.Loss switch
        {
            GanLoss.Minimax => new MinimaxObjective(realTarget),
            GanLoss.NonSaturating => new NonSaturatingObjective(realTarget),
            GanLoss.LeastSquares => new LeastSquaresObjective(realTarget),
            GanLoss.Wasserstein or GanLoss.WassersteinGP => new WassersteinObjective(),
            GanLoss.Hinge => new HingeObjective(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Loss, "Unknown GanLoss."),
        };

        var penalties = new List<IDiscriminatorPenalty>();
        if (options.Loss == GanLoss.WassersteinGP)
            penalties.Add(new GradientPenalty(options.GradientPenaltyWeight));
        if (options.DraganPenaltyWeight > 0)
            penalties.Add(new DraganPenalty(options.DraganPenaltyWeight));
        if (options.R1PenaltyWeight > 0)
            penalties.Add(new R1Penalty(options.R1PenaltyWeight));

        var constraints = new List<IDiscriminatorConstraint>();
        if (options.Loss == GanLoss.Wasserstein)
            constraints.Add(new WeightClipping(options.WeightClipValue));
        return new AdversarialRecipe(objective, penalties, constraints);
    }
}
