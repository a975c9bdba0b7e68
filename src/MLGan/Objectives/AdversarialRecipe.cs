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
        var penalties = new List<IDiscriminatorPenalty>();
        var constraints = new List<IDiscriminatorConstraint>();
        IGanObjective objective = options.Loss switch
        {
            GanLoss.Minimax => new MinimaxObjective(),
            GanLoss.NonSaturating => new NonSaturatingObjective(),
            GanLoss.LeastSquares => new LeastSquaresObjective(),
            GanLoss.Wasserstein or GanLoss.WassersteinGP => new WassersteinObjective(),
            GanLoss.Hinge => new HingeObjective(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Loss, "Unknown GanLoss."),
        };
        if (options.Loss == GanLoss.Wasserstein)
            constraints.Add(new WeightClipping(options.WeightClipValue));
        if (options.Loss == GanLoss.WassersteinGP)
            penalties.Add(new GradientPenalty(options.GradientPenaltyWeight));
        return new AdversarialRecipe(objective, penalties, constraints);
    }
}
