using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MLGan.Diversity;
using MLGan.Persistence;
using static TorchSharp.torch;

namespace MLGan.Data;

/// <summary>
/// The modes of <see cref="ModeNormalization"/>: clusters of the encoded (standardized) training rows, each with its
/// mean μ, its own PCA whitening (V, √λ) and its share of the rows. A row x of mode c is seen by the networks as
/// Λ^(-1/2) Vᵀ (x − μ), and a generated value y of mode c is the row μ + V Λ^(1/2) y. The networks in
/// <see cref="Networks.ModeNormalizedNetwork"/> apply both; the codec and everything after it see ordinary rows.
/// </summary>
internal sealed class ModeClusters
{
    /// <summary>Most modes (the mode search's largest k).</summary>
    public const int MaxModes = 30;

    /// <summary>Widest rows modelled mode by mode (a d×d whitening per mode, applied to every row the networks see).</summary>
    public const int MaxSize = 64;

    /// <summary>The mean silhouette Auto needs: above 0.7 Kaufman and Rousseeuw (1990) call a clustering's structure strong.</summary>
    public const double StrongStructure = 0.7;

    /// <summary>Fewest rows in any mode, whatever the row width (a mode's covariance needs its rows).</summary>
    public const int MinRowsPerMode = 20;

    /// <param name="means">μ per mode, row-major (modes x size).</param>
    /// <param name="shapes">Each mode's whitening.</param>
    /// <param name="shares">Each mode's share of the training rows (positive, summing to 1).</param>
    public ModeClusters(float[] means, PcaWhitening[] shapes, float[] shares)
    {
        if (shapes.Length is < 2 or > MaxModes || shares.Length != shapes.Length)
            throw new ArgumentException($"mode clusters hold 2 to {MaxModes} modes, one share each");
        int size = shapes[0].Size;
        if (size > MaxSize || shapes.Any(s => s.Size != size) || means.Length != shapes.Length * size)
            throw new ArgumentException($"every mode needs a mean and a whitening of the same 1 to {MaxSize} values");
        if (!means.All(float.IsFinite) || !shares.All(s => float.IsFinite(s) && s > 0) || Math.Abs(shares.Sum() - 1) > 1e-3)
            throw new ArgumentException("mode means must be finite and shares positive, summing to 1");
        Means = means;
        Shapes = shapes;
        Shares = shares;
    }

    public float[] Means { get; }

    public PcaWhitening[] Shapes { get; }

    public float[] Shares { get; }

    public int Count => Shapes.Length;

    public int Size => Shapes[0].Size;

    /// <summary>Rows the mode search clusters (a sample of larger tables).</summary>
    public const int SearchRows = 2000;

    /// <summary>The fewest rows a mode needs for rows of <paramref name="size"/> values.</summary>
    public static int MinRows(int size) => Math.Max(MinRowsPerMode, 2 * size);

    /// <summary>
    /// The modes of <paramref name="rows"/> (encoded, row-major, <paramref name="size"/> values each), or null when
    /// <paramref name="mode"/> does not call for them (see <see cref="ModeNormalization"/>); <paramref name="decision"/>
    /// says which and why, for the training log. Deterministic for a seed.
    /// </summary>
    public static ModeClusters? Fit(float[] rows, int size, ModeNormalization mode, int seed, out string decision)
    {
        int n = rows.Length / size, minRows = MinRows(size);
        int kMax = Math.Min(MaxModes, Math.Min(n / minRows, Math.Min(n, SearchRows) - 1));
        if (mode == ModeNormalization.None || size > MaxSize || kMax < 2)
        {
            decision = mode == ModeNormalization.None ? "off" : string.Format(CultureInfo.InvariantCulture,
                "not used: needs rows of at most {0} values and at least {1} rows per mode for 2 modes ({2} rows of {3} values)", MaxSize, minRows, n, size);
            return null;
        }
        // The search and the centres come from one sample (up to 2,000 rows, as the collapse monitor's mode search):
        // k-means on all rows of a large table merged neighbouring modes more often (a grid of 25 modes in 10-D,
        // 100,000 rows: clusters of 2,008 to 7,888 rows for modes of 4,000). Every row then goes to its nearest centre.
        var sample = n <= SearchRows ? rows : KMeans.SampleIndices(n, SearchRows, new Random(seed))
            .SelectMany(i => rows.AsSpan((int)i * size, size).ToArray()).ToArray();
        int sampled = sample.Length / size;
        (int k, double silhouette) search;
        using (var table = tensor(sample, new long[] { sampled, size }))
            search = KMeans.ChooseKWithSilhouette(table, 2, kMax, seed, SearchRows);
        if (mode == ModeNormalization.Auto && search.silhouette < StrongStructure)
        {
            decision = string.Format(CultureInfo.InvariantCulture, "not used: the best clustering ({0} modes) has a mean silhouette of {1:0.00}, below {2}",
                search.k, search.silhouette, StrongStructure);
            return null;
        }
        var (centres, _) = KMeans.FitBest(sample.Select(v => (double)v).ToArray(), size, search.k, seed, maxIterations: 100, restarts: KMeans.DefaultRestarts);
        var labels = Nearest(rows, size, centres);
        var counts = new int[search.k];
        foreach (int label in labels)
            counts[label]++;
        if (counts.Min() < minRows)
        {
            decision = string.Format(CultureInfo.InvariantCulture, "not used: the smallest of {0} modes holds {1} rows, fewer than {2}", search.k, counts.Min(), minRows);
            return null;
        }
        var means = new float[search.k * size];
        var shapes = new PcaWhitening[search.k];
        for (int c = 0; c < search.k; c++)
        {
            var members = new float[counts[c] * size];
            for (int i = 0, m = 0; i < n; i++)
            {
                if (labels[i] == c)
                    Array.Copy(rows, i * size, members, size * m++, size);
            }
            FeatureStatistics statistics;
            using (var table = tensor(members, new long[] { counts[c], size }))
                statistics = FeatureStatistics.Of(table);
            for (int j = 0; j < size; j++)
                means[c * size + j] = (float)statistics.Mean[j];
            var covariance = Matrix<double>.Build.Dense(size, size, statistics.CovarianceAt);
            shapes[c] = PcaWhitening.FromCovariance(covariance, covariance.Diagonal().Average(), out _);
        }
        decision = string.Format(CultureInfo.InvariantCulture, "{0} modes (mean silhouette {1:0.00}; {2} to {3} rows each), each whitened on its own",
            search.k, search.silhouette, counts.Min(), counts.Max());
        return new ModeClusters(means, shapes, counts.Select(c => (float)c / n).ToArray());
    }

    /// <summary>Each row's nearest centre (row-major rows and centres, <paramref name="size"/> values each).</summary>
    private static int[] Nearest(float[] rows, int size, double[] centres)
    {
        int n = rows.Length / size, k = centres.Length / size;
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double distance = 0;
                for (int j = 0; j < size; j++)
                {
                    double difference = rows[i * size + j] - centres[c * size + j];
                    distance += difference * difference;
                }
                if (distance < best)
                    (best, labels[i]) = (distance, c);
            }
        }
        return labels;
    }

    /// <summary>Writes the modes: count, size, then per mode its share, mean, spreads and rotation (row-major).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(Size);
        for (int c = 0; c < Count; c++)
        {
            writer.Write(Shares[c]);
            BinaryFormat.WriteFloats(writer, Means.AsSpan(c * Size, Size).ToArray());
            BinaryFormat.WriteFloats(writer, Shapes[c].Spread);
            BinaryFormat.WriteFloats(writer, Shapes[c].Rotation);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, bounded before any allocation.</summary>
    public static ModeClusters Read(BinaryReader reader)
    {
        int count = reader.ReadInt32(), size = reader.ReadInt32();
        if (count is < 2 or > MaxModes || size is < 1 or > MaxSize)
            throw new InvalidDataException($"mode clusters of {count} modes x {size} values (2 to {MaxModes} modes of 1 to {MaxSize} values)");
        var shares = new float[count];
        var means = new float[count * size];
        var shapes = new PcaWhitening[count];
        for (int c = 0; c < count; c++)
        {
            shares[c] = reader.ReadSingle();
            var mean = BinaryFormat.ReadFloats(reader, "mode mean");
            var spread = BinaryFormat.ReadFloats(reader, "mode spreads");
            var rotation = BinaryFormat.ReadFloats(reader, "mode rotation");
            if (mean.Length != size || spread.Length != size || rotation.Length != size * size
                || !spread.All(s => float.IsFinite(s) && s >= 0) || !rotation.All(float.IsFinite))
                throw new InvalidDataException($"mode {c} of the mode clusters is damaged");
            mean.CopyTo(means, c * size);
            shapes[c] = new PcaWhitening(rotation, spread);
        }
        try
        {
            return new ModeClusters(means, shapes, shares);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the mode clusters are damaged: {e.Message}", e);
        }
    }
}
