namespace MLGan;

/// <summary>
/// Whether a vector column is modelled mode by mode (<see cref="GanOptions.ModeNormalization"/>): the training rows'
/// clusters are found (whether there are any: k-means with k chosen by the mean silhouette, as the collapse monitor's
/// mode search does; how many and which: a Gaussian mixture with full covariances, of lowest BIC, reached from that k by
/// splitting and merging modes), each cluster is whitened on its own, and the generator and discriminator are
/// conditioned on the cluster. The generator draws each row's cluster in proportion to the training rows (from its
/// first latent value) and writes the row in that cluster's whitened units; the discriminator whitens every row it sees
/// by its most likely cluster (a Gaussian of the cluster's mean and covariance, weighted by its share). Rows without clear
/// clusters are one mode: whitened as a whole. Either way the generator's loss also matches each mode's mean and
/// covariance in those units. Saved with the model.
/// </summary>
/// <remarks>
/// Why: with whole-column scaling, a mixture of small modes (a ring or grid of modes, a table with well-separated
/// groups) reaches the networks with each mode's own spread at a few percent of unit scale, and GANs generate the modes
/// narrower than the real ones: precision stays high while recall falls (benchmarks/RESULTS.md: relative recall
/// 0.43–0.76 with MLGan's earlier defaults on rings and grids of modes in 2, 5 and 10 dimensions). Per mode, the spread
/// is at unit scale, and every mode is drawn in its share by construction. The idea combines CTGAN's mode-specific
/// normalization (Xu et al. 2019, "Modeling Tabular Data using Conditional GAN", per column there, over whole rows here)
/// with conditioning on clusters of the data (Liu et al. 2020, "Diverse Image Generation via Self-Conditioned GANs").
/// One mode matters too: its moment matching keeps the generated spread at the real one where the adversarial loss alone
/// leaves it a few percent off (benchmarks/RESULTS.md: the quantiles of a heavy-tailed slot within 9% over three seeds,
/// against up to 28% whole-column).
/// </remarks>
public enum ModeNormalization
{
    /// <summary>
    /// Model mode by mode when the rows form clearly separated clusters: the best k-means k from 2 to 30 has a mean
    /// silhouette of at least 0.7 (a strong structure in Kaufman &amp; Rousseeuw's reading of silhouettes) and the
    /// Gaussian mixture found from it gives every mode at least max(20, 2 x values per row) rows; otherwise as one mode (the rows whitened as a whole; with
    /// <see cref="GanOptions.Whitening"/> = <see cref="FeatureWhitening.None"/>, whole-column scaling instead). Only
    /// for rows of at most 64 values, at least max(20, 2 x values per row) of them, and the plain generator and
    /// discriminator pair of MLPs without a label column (no multi-network method); otherwise whole-column scaling, as with None.
    /// </summary>
    Auto = 0,
    /// <summary>Whole-column scaling only (<see cref="GanOptions.Whitening"/> applies).</summary>
    None = 1,
    /// <summary>Model mode by mode with the Gaussian mixture found from the best k whatever its silhouette (the other conditions of Auto still apply).</summary>
    Always = 2,
}
