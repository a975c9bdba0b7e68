using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Mean and covariance of a set of feature vectors: the Gaussian summary that the Fréchet distance compares
/// (Heusel et al. 2017, "GANs trained by a two time-scale update rule converge to a local Nash equilibrium",
/// which defines FID on Inception features; <see cref="FrechetDistance"/>). Values are float64; the covariance
/// is the unbiased sample covariance (divisor n − 1), stored row-major.
/// </summary>
/// <remarks>
/// Binary form (little-endian, <see cref="BinaryWriter"/>): int32 format version (1), int32 dimension d,
/// int64 sample count n, float64[d] mean, float64[d·d] covariance (row-major).
/// </remarks>
internal sealed record FeatureStatistics
{
    /// <summary>Format version written by <see cref="Write"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest dimension accepted by the constructor and <see cref="Read"/> (a 8192² covariance is 512 MiB).</summary>
    public const int MaxDimension = 8192;

    /// <param name="mean">Feature means, length d.</param>
    /// <param name="covariance">Covariance, row-major d × d, symmetric.</param>
    /// <param name="count">Number of samples summarized (at least 2).</param>
    public FeatureStatistics(double[] mean, double[] covariance, long count)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        if (mean.Length < 1 || mean.Length > MaxDimension)
            throw new ArgumentException($"The mean must have 1 to {MaxDimension} values; it has {mean.Length}.", nameof(mean));
        if (covariance.Length != (long)mean.Length * mean.Length)
            throw new ArgumentException(
                $"The covariance must be {mean.Length} × {mean.Length} = {(long)mean.Length * mean.Length} values (row-major); it has {covariance.Length}.", nameof(covariance));
        if (count < 2)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Statistics need at least 2 samples (got {count}).");
        if (!mean.All(double.IsFinite))
            throw new ArgumentException("The mean contains a NaN or infinite value.", nameof(mean));
        if (!covariance.All(double.IsFinite))
            throw new ArgumentException("The covariance contains a NaN or infinite value.", nameof(covariance));
        int d = mean.Length;
        for (int i = 0; i < d; i++)
        {
            if (covariance[i * d + i] < 0)
                throw new ArgumentException($"The covariance has a negative variance at [{i}, {i}].", nameof(covariance));
            for (int j = 0; j < i; j++)
            {
                double a = covariance[i * d + j], b = covariance[j * d + i];
                if (Math.Abs(a - b) > 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))))
                    throw new ArgumentException($"The covariance is not symmetric: [{i}, {j}] = {a} but [{j}, {i}] = {b}.", nameof(covariance));
            }
        }
        Mean = mean;
        Covariance = covariance;
        Count = count;
    }

    /// <summary>Feature means, length <see cref="Dimension"/>.</summary>
    public double[] Mean { get; }

    /// <summary>Covariance, row-major <see cref="Dimension"/> × <see cref="Dimension"/>.</summary>
    public double[] Covariance { get; }

    /// <summary>Number of samples the statistics summarize.</summary>
    public long Count { get; }

    /// <summary>Number of features.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Value equality: same count, mean and covariance (element by element).</summary>
    public bool Equals(FeatureStatistics? other) =>
        other is not null && Count == other.Count
        && Mean.AsSpan().SequenceEqual(other.Mean) && Covariance.AsSpan().SequenceEqual(other.Covariance);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, Dimension, Mean[0], Covariance[0]);

    /// <summary>
    /// The covariance's positive semi-definite square root (row-major), computed on first use and kept: the Fréchet
    /// distance needs it for one side only, and the monitor compares every check with the same reference.
    /// </summary>
    public double[] CovarianceSquareRoot => _covarianceSquareRoot ??= FrechetDistance.SquareRootOf(this);

    private double[]? _covarianceSquareRoot;

    /// <summary>Covariance entry [i, j].</summary>
    public double CovarianceAt(int i, int j) => Covariance[i * Dimension + j];

    /// <summary>
    /// Mean and unbiased covariance of <paramref name="rows"/> (float32 [n, d], n ≥ 2), accumulated in float64
    /// over blocks of rows: mean first, then Σ (x − μ)ᵀ(x − μ) / (n − 1).
    /// </summary>
    public static FeatureStatistics Of(Tensor rows)
    {
        MetricInputs.Rows(rows, nameof(rows), minRows: 2);
        long n = rows.shape[0], d = rows.shape[1];
        if (d > MaxDimension)
            throw new ArgumentException($"Feature statistics support at most {MaxDimension} features; {nameof(rows)} has {d}.", nameof(rows));
        int blockRows = DistanceBlocks.RowsPerBlock(n, d, 0);

        using var scope = NewDisposeScope();
        var sum = zeros(d, dtype: ScalarType.Float64, device: rows.device);
        for (long start = 0; start < n; start += blockRows)
        {
            using var block = NewDisposeScope();
            sum.AddInPlace(rows.narrow(0, start, Math.Min(blockRows, n - start)).to_type(ScalarType.Float64).sum(new long[] { 0 }));
        }
        var mean = sum.DivInPlace(n);
        var scatter = zeros(d, d, dtype: ScalarType.Float64, device: rows.device);
        for (long start = 0; start < n; start += blockRows)
        {
            using var block = NewDisposeScope();
            var centred = rows.narrow(0, start, Math.Min(blockRows, n - start)).to_type(ScalarType.Float64) - mean;
            scatter.AddInPlace(centred.t().mm(centred));
        }
        var covariance = scatter.DivInPlace(n - 1);
        covariance = covariance.Plus(covariance.t()).MulInPlace(0.5); // exact symmetry
        return new FeatureStatistics(ToArray(mean), ToArray(covariance), n);
    }

    /// <summary>Writes the binary form described in the remarks.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(Dimension);
        writer.Write(Count);
        foreach (var value in Mean)
            writer.Write(value);
        foreach (var value in Covariance)
            writer.Write(value);
    }

    /// <summary>
    /// Reads statistics written by <see cref="Write"/>, validating sizes before allocating: an unknown version,
    /// an implausible dimension or count, a stream too short for the stated sizes, or invalid values
    /// (non-finite, negative variance, asymmetric covariance) fail with <see cref="InvalidDataException"/>.
    /// </summary>
    public static FeatureStatistics Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            int version = reader.ReadInt32();
            if (version < 1 || version > FormatVersion)
                throw new InvalidDataException(
                    $"Feature statistics were saved in format version {version}; this MLGan reads version 1 to {FormatVersion}.");
            int d = reader.ReadInt32();
            if (d < 1 || d > MaxDimension)
                throw new InvalidDataException($"Feature statistics state a dimension of {d}; expected 1 to {MaxDimension}. The data is damaged.");
            long count = reader.ReadInt64();
            if (count < 2)
                throw new InvalidDataException($"Feature statistics state a sample count of {count}; expected at least 2. The data is damaged.");
            long bytes = ((long)d + (long)d * d) * sizeof(double);
            var stream = reader.BaseStream;
            if (stream.CanSeek && stream.Length - stream.Position < bytes)
                throw new InvalidDataException(
                    $"Feature statistics of dimension {d} need {bytes} more bytes, but only {stream.Length - stream.Position} remain. The data is truncated or damaged.");
            var mean = ReadDoubles(reader, d);
            var covariance = ReadDoubles(reader, d * d);
            return new FeatureStatistics(mean, covariance, count);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"Feature statistics cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Reads <paramref name="count"/> float64 values.</summary>
    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadDouble();
        return values;
    }

    /// <summary>Copies a float64 tensor into a managed array.</summary>
    private static double[] ToArray(Tensor values)
    {
        using var cpu = values.contiguous().cpu();
        return cpu.data<double>().ToArray();
    }
}
