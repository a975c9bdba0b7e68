namespace MLGan;

/// <summary>The adversarial objective: how discriminator outputs become the two players' losses.</summary>
public enum GanLoss
{
    /// <summary>
    /// The original minimax game (Goodfellow et al. 2014): the generator minimizes log(1 - D(G(z))).
    /// Its gradient vanishes when the discriminator wins, so it is prone to collapse; kept as a baseline.
    /// </summary>
    Minimax = 0,
    /// <summary>
    /// Non-saturating GAN (Goodfellow et al. 2014): the generator maximizes log D(G(z)). The usual default.
    /// </summary>
    NonSaturating = 1,
    /// <summary>Least-squares GAN (Mao et al. 2017): squared distance of scores to the labels 1 (real) and 0 (fake).</summary>
    LeastSquares = 2,
    /// <summary>
    /// Wasserstein GAN (Arjovsky et al. 2017) with a critic whose weights are clipped to
    /// ±<see cref="GanObjectiveOptions.WeightClipValue"/> after every critic step.
    /// </summary>
    Wasserstein = 3,
    /// <summary>
    /// Wasserstein GAN with gradient penalty (Gulrajani et al. 2017): the critic's gradient norm is pushed
    /// towards 1 on random interpolates of real and generated rows, weighted by <see cref="GanObjectiveOptions.GradientPenaltyWeight"/>.
    /// </summary>
    WassersteinGP = 4,
    /// <summary>Hinge loss (Lim &amp; Ye 2017; Miyato et al. 2018).</summary>
    Hinge = 5,
}
