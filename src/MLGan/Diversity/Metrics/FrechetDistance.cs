using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// The Fréchet (2-Wasserstein) distance between two Gaussians fitted to feature sets, as in FID (Heusel et al.
/// 2017, "GANs trained by a two time-scale update rule converge to a local Nash equilibrium"; the closed form
/// for Gaussians is Dowson &amp; Landau 1982):
/// d² = ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa^½ Σb Σa^½)^½).
/// It is the squared distance (FID's convention): identical statistics give 0; shifting a mean by Δ adds ‖Δ‖².
/// </summary>
internal static class FrechetDistance
{
    /// <summary>
    /// The Fréchet distance between two sets of statistics of the same dimension. Computed in float64 with
    /// symmetric eigendecompositions (torch.linalg.eigh): Σa^½ = V diag(√λ) Vᵀ, then
    /// Tr((Σa^½ Σb Σa^½)^½) = Σ √eigenvalues. Eigenvalues that rounding makes slightly negative are taken as 0,
    /// and a result below 0 from rounding is returned as 0.
    /// </summary>
    public static double Between(FeatureStatistics a, FeatureStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dimension != b.Dimension)
            throw new ArgumentException(
                $"Fréchet distance needs statistics of the same dimension; they have {a.Dimension} and {b.Dimension}.", nameof(b));
        int d = a.Dimension;

        double meanTerm = 0;
        for (int i = 0; i < d; i++)
        {
            double delta = a.Mean[i] - b.Mean[i];
            meanTerm += delta * delta;
        }
        double traces = 0;
        for (int i = 0; i < d; i++)
            traces += a.CovarianceAt(i, i) + b.CovarianceAt(i, i);

        using var scope = NewDisposeScope();
        var covA = tensor(a.Covariance, new long[] { d, d }, dtype: ScalarType.Float64);
        var covB = tensor(b.Covariance, new long[] { d, d }, dtype: ScalarType.Float64);
        var rootA = SymmetricSquareRoot(covA);
        var product = rootA.mm(covB).mm(rootA);
        product = (product + product.t()).mul_(0.5);
        double traceOfRoot = linalg.eigvalsh(product).clamp_min_(0).sqrt_().sum().item<double>();
        return Math.Max(0, meanTerm + traces - 2 * traceOfRoot);
    }

    /// <summary>Fréchet distance between the statistics of two sample sets (float32 [rows, features], at least 2 rows each).</summary>
    public static double Between(Tensor a, Tensor b)
    {
        MetricInputs.Rows(a, nameof(a), minRows: 2);
        MetricInputs.Rows(b, nameof(b), minRows: 2);
        MetricInputs.SameFeatures(a, nameof(a), b, nameof(b));
        return Between(FeatureStatistics.Of(a), FeatureStatistics.Of(b));
    }

    /// <summary>The positive semi-definite square root of a symmetric matrix (negative eigenvalues from rounding taken as 0).</summary>
    private static Tensor SymmetricSquareRoot(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(matrix);
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).mm(vectors.t());
    }
}
