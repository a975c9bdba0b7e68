using static TorchSharp.torch;
using MLGan.Tensors;

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
    /// symmetric eigendecompositions (torch.linalg.eigh): Σb^½ = V diag(√λ) Vᵀ, then
    /// Tr((Σb^½ Σa Σb^½)^½) = Σ √eigenvalues (the same trace as with a and b swapped: both are the square roots of
    /// the eigenvalues of Σa Σb). Σb^½ is kept with <paramref name="b"/> (<see cref="FeatureStatistics.CovarianceSquareRoot"/>),
    /// so pass a fixed reference as b: on 784 features one more distance to it then costs one eigenvalue
    /// decomposition instead of two. Eigenvalues that rounding makes slightly negative are taken as 0, and a result
    /// below 0 from rounding is returned as 0.
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
        var rootB = tensor(b.CovarianceSquareRoot, new long[] { d, d }, dtype: ScalarType.Float64);
        var product = rootB.mm(covA).mm(rootB);
        product = product.Plus(product.t()).MulInPlace(0.5);
        double traceOfRoot = linalg.eigvalsh(product).ClampMinInPlace(0).sqrt_().sum().item<double>();
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

    /// <summary>The positive semi-definite square root of a covariance (row-major; negative eigenvalues from rounding taken as 0).</summary>
    internal static double[] SquareRootOf(FeatureStatistics statistics)
    {
        using var scope = NewDisposeScope();
        int d = statistics.Dimension;
        var (values, vectors) = linalg.eigh(tensor(statistics.Covariance, new long[] { d, d }, dtype: ScalarType.Float64));
        return (vectors * values.ClampMin(0).sqrt().unsqueeze(0)).mm(vectors.t()).contiguous().data<double>().ToArray();
    }
}
