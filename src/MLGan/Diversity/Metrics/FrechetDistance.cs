using MLGan.Persistence;
using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>Mean and covariance (unbiased, n − 1) of a set's features, in float64.</summary>
internal sealed record FeatureStatistics(int Dimension, double[] Mean, double[] Covariance)
{
    public static FeatureStatistics Of(Tensor rows)
    {
        using var scope = NewDisposeScope();
        long n = rows.shape[0];
        int d = (int)rows.shape[1];
        if (n < 2)
            throw new ArgumentException("Feature statistics need at least 2 rows.");
        var x = rows.to_type(ScalarType.Float64);
        var mean = x.mean(new long[] { 0 });
        var centred = x - mean;
        var covariance = centred.t().mm(centred) / (n - 1);
        return new FeatureStatistics(d, mean.data<double>().ToArray(), covariance.contiguous().data<double>().ToArray());
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Dimension);
        BinaryFormat.WriteDoubles(writer, Mean);
        BinaryFormat.WriteDoubles(writer, Covariance);
    }

    public static FeatureStatistics Read(BinaryReader reader)
    {
        int d = reader.ReadInt32();
        var mean = BinaryFormat.ReadDoubles(reader, "feature means");
        var covariance = BinaryFormat.ReadDoubles(reader, "covariance entries");
        if (d <= 0 || mean.Length != d || covariance.Length != (long)d * d)
            throw new InvalidDataException($"feature statistics of dimension {d} have {mean.Length} means and {covariance.Length} covariance entries");
        return new FeatureStatistics(d, mean, covariance);
    }

    public bool Equals(FeatureStatistics? other)
        => other is not null && Dimension == other.Dimension && Mean.SequenceEqual(other.Mean) && Covariance.SequenceEqual(other.Covariance);

    public override int GetHashCode() => HashCode.Combine(Dimension, Mean.Length);
}

/// <summary>
/// Fréchet distance between the Gaussians N(μa, Σa) and N(μb, Σb): ‖μa − μb‖² + Tr(Σa + Σb − 2(Σa^½ Σb Σa^½)^½)
/// (Dowson &amp; Landau 1982; FID, Heusel et al. 2017, applies it to Inception features; here to the raw features).
/// Matrix square roots come from symmetric eigendecompositions, tiny negative eigenvalues clamped to 0.
/// </summary>
internal static class FrechetDistance
{
    public static double Between(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Dimension != b.Dimension)
            throw new ArgumentException($"statistics of dimensions {a.Dimension} and {b.Dimension}");
        using var scope = NewDisposeScope();
        long d = a.Dimension;
        var meanA = tensor(a.Mean);
        var meanB = tensor(b.Mean);
        var covA = tensor(a.Covariance, new[] { d, d });
        var covB = tensor(b.Covariance, new[] { d, d });
        var rootA = SymmetricSqrt(covA);
        var middle = rootA.mm(covB).mm(rootA);
        middle = (middle + middle.t()) / 2; // symmetric up to rounding
        var traceRoot = linalg.eigvalsh(middle).clamp_min(0).sqrt().sum();
        return ((meanA - meanB).square().sum() + covA.trace() + covB.trace() - 2 * traceRoot).item<double>();
    }

    private static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(matrix);
        return vectors.mm(diag(values.clamp_min(0).sqrt())).mm(vectors.t());
    }
}
