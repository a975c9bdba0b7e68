using MathNet.Numerics.LinearAlgebra;
using MLGan.Diversity;

namespace MLGan.Data;

/// <summary>
/// PCA whitening of standardized rows (<see cref="FeatureWhitening"/>): z = Λ^(-1/2) Vᵀ s, where V Λ Vᵀ is the
/// eigendecomposition of the standardized slots' covariance (their correlation matrix), and back s = V Λ^(1/2) z.
/// Every principal direction reaches the networks at unit variance, so a direction that holds a tiny share of the
/// variance (the spread of a mode around a low-dimensional structure, or noise around a linear relation between
/// columns) is as visible to the discriminator and as easy for the generator to write as the largest one.
/// </summary>
/// <remarks>
/// Why: with per-slot standardization alone, data lying near a plane of a wider space (in the 5-D protocol of the
/// collapse benchmark, 8 modes on a ring in a random plane, std 0.01 in every direction) reach the networks with the
/// directions off the plane at about 2% of unit scale, and the defaults generated modes flat in those directions
/// (recall 0.16 of real rows' at 5,000 steps; per-mode std 0.11–0.34 of the real one in the three smallest
/// directions). Whitened, the same run reached 0.51 (benchmarks/RESULTS.md).
/// A direction whose variance is below <see cref="VarianceFloor"/> (columns that are exact linear combinations of
/// others, up to float rounding) is treated like a constant slot: encoded as 0 and decoded from 0, so generated rows
/// keep the exact linear relation whatever the generator writes there.
/// </remarks>
internal sealed class PcaWhitening
{
    /// <summary>Directions with less variance than this (standardized units, where the average direction holds 1) carry none.</summary>
    public const double VarianceFloor = 1e-9;

    /// <summary>Auto whitens when some direction holds less than this share of an average slot's variance.</summary>
    public const double AutoThreshold = 0.01;

    /// <summary>The widest rows Auto whitens (a d×d eigendecomposition and d² operations per row).</summary>
    public const int MaxAutoSize = 64;

    /// <summary>The widest rows whitening accepts at all (set by <see cref="FeatureWhitening.Always"/> or read from a model file).</summary>
    public const int MaxSize = 1024;

    /// <param name="rotation">V, row-major (<paramref name="spread"/>.Length squared values): column k is the k-th principal direction.</param>
    /// <param name="spread">√λ per direction; 0 for a direction without variance.</param>
    public PcaWhitening(float[] rotation, float[] spread)
    {
        if (spread.Length is 0 or > MaxSize || rotation.Length != spread.Length * spread.Length)
            throw new ArgumentException("the rotation must be d x d for d = spread.Length, 1 to 1,024");
        Rotation = rotation;
        Spread = spread;
    }

    public float[] Rotation { get; }

    public float[] Spread { get; }

    public int Size => Spread.Length;

    /// <summary>
    /// The whitening of <paramref name="standardized"/> (row-major, <paramref name="size"/> slots), or null when
    /// <paramref name="mode"/> is Auto and the rows do not call for it (every direction holds at least
    /// <see cref="AutoThreshold"/> of the average variance, or rows wider than <see cref="MaxAutoSize"/>).
    /// </summary>
    public static PcaWhitening? Fit(float[] standardized, int size, FeatureWhitening mode)
    {
        if (mode == FeatureWhitening.None || size < 2 || (mode == FeatureWhitening.Auto && size > MaxAutoSize))
            return null;
        int rows = standardized.Length / size;
        if (rows < 2)
            return null;
        FeatureStatistics statistics;
        using (var table = TorchSharp.torch.tensor(standardized, new long[] { rows, size }))
            statistics = FeatureStatistics.Of(table);
        var covariance = Matrix<double>.Build.Dense(size, size, statistics.CovarianceAt);
        // Standardized slots that vary hold variance 1 each (constant ones 0), so the average direction holds 1.
        int varying = Enumerable.Range(0, size).Count(j => covariance[j, j] > 0);
        if (varying == 0)
            return null;
        double average = Enumerable.Range(0, size).Sum(j => covariance[j, j]) / varying;
        var whitening = FromCovariance(covariance, average, out var variances);
        // Auto whitens for a small but real spread; directions without any (constant slots, exact linear relations) alone do not call for it.
        if (mode == FeatureWhitening.Auto && !variances.Any(v => v > VarianceFloor * average && v < AutoThreshold * average))
            return null;
        return whitening;
    }

    /// <summary>
    /// The whitening of rows with <paramref name="covariance"/>: its eigenvectors, and √λ per direction, 0 for a direction
    /// holding at most <see cref="VarianceFloor"/> of <paramref name="average"/> (the variance that counts as a direction's usual share).
    /// </summary>
    /// <param name="variances">The eigenvalues λ (negative rounding clamped to 0).</param>
    public static PcaWhitening FromCovariance(Matrix<double> covariance, double average, out double[] variances)
    {
        int size = covariance.RowCount;
        var evd = covariance.Evd(Symmetricity.Symmetric);
        variances = evd.EigenValues.Select(e => Math.Max(0, e.Real)).ToArray();
        var rotation = new float[size * size];
        for (int a = 0; a < size; a++)
            for (int k = 0; k < size; k++)
                rotation[a * size + k] = (float)evd.EigenVectors[a, k];
        var spread = variances.Select(v => v > VarianceFloor * average ? (float)Math.Sqrt(v) : 0f).ToArray();
        return new PcaWhitening(rotation, spread);
    }

    /// <summary>Whitens standardized rows (row-major) in place.</summary>
    public void Whiten(Span<float> rows)
    {
        int d = Size;
        var projected = new double[d];
        for (int start = 0; start + d <= rows.Length; start += d)
        {
            var row = rows.Slice(start, d);
            Array.Clear(projected);
            for (int a = 0; a < d; a++)
            {
                double value = row[a];
                for (int k = 0; k < d; k++)
                    projected[k] += Rotation[a * d + k] * value;
            }
            for (int k = 0; k < d; k++)
                row[k] = Spread[k] == 0 ? 0f : (float)(projected[k] / Spread[k]);
        }
    }

    /// <summary>Maps whitened rows (row-major) back to standardized ones in place.</summary>
    public void Unwhiten(Span<float> rows)
    {
        int d = Size;
        var scaled = new double[d];
        for (int start = 0; start + d <= rows.Length; start += d)
        {
            var row = rows.Slice(start, d);
            for (int k = 0; k < d; k++)
                scaled[k] = (double)Spread[k] * row[k];
            for (int a = 0; a < d; a++)
            {
                double value = 0;
                for (int k = 0; k < d; k++)
                    value += Rotation[a * d + k] * scaled[k];
                row[a] = (float)value;
            }
        }
    }
}
