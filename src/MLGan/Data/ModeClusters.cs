using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MLGan.Diversity;
using MLGan.Persistence;
using static TorchSharp.torch;

namespace MLGan.Data;

/// <summary>
/// The modes of <see cref="ModeNormalization"/>: clusters of the encoded (standardized) training rows (or all of them as one mode), each with its
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
        if (shapes.Length is < 1 or > MaxModes || shares.Length != shapes.Length)
            throw new ArgumentException($"mode clusters hold 1 to {MaxModes} modes, one share each");
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
    /// The modes of <paramref name="rows"/> (encoded, row-major, <paramref name="size"/> values each; one mode when they
    /// form no clear clusters), or null when <paramref name="mode"/> or the rows' size and count do not call for modes
    /// (see <see cref="ModeNormalization"/>); <paramref name="decision"/>
    /// says which and why, for the training log. Deterministic for a seed.
    /// </summary>
    public static ModeClusters? Fit(float[] rows, int size, ModeNormalization mode, int seed, out string decision)
    {
        int n = rows.Length / size, minRows = MinRows(size);
        if (mode == ModeNormalization.None || size > MaxSize || n < minRows)
        {
            decision = mode == ModeNormalization.None ? "off" : string.Format(CultureInfo.InvariantCulture,
                "not used: needs rows of at most {0} values and at least {1} rows ({2} rows of {3} values)", MaxSize, minRows, n, size);
            return null;
        }
        var (k, labels, found) = Search(rows, size, mode, seed);
        var counts = new int[k];
        foreach (long label in labels)
            counts[label]++;
        if (counts.Min() < minRows)
        {
            found += string.Format(CultureInfo.InvariantCulture, ", but its smallest mode holds {0} rows, fewer than {1}", counts.Min(), minRows);
            (k, labels, counts) = (1, new long[n], new[] { n });
        }
        var means = new float[k * size];
        var shapes = new PcaWhitening[k];
        for (int c = 0; c < k; c++)
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
        decision = k == 1 ? $"one mode ({found}): the rows whitened as a whole"
            : string.Format(CultureInfo.InvariantCulture, "{0} modes ({1}; {2} to {3} rows each), each whitened on its own", k, found, counts.Min(), counts.Max());
        return new ModeClusters(means, shapes, counts.Select(c => (float)c / n).ToArray());
    }

    /// <summary>
    /// The number of modes, each row's mode, and what the search found (for the log). Auto keeps one mode unless the best
    /// clustering's mean silhouette reaches <see cref="StrongStructure"/>; Always takes the best clustering whatever its silhouette.
    /// </summary>
    private static (int K, long[] Labels, string Found) Search(float[] rows, int size, ModeNormalization mode, int seed)
    {
        int n = rows.Length / size;
        int kMax = Math.Min(MaxModes, Math.Min(n / MinRows(size), Math.Min(n, SearchRows) - 1));
        if (kMax < 2)
            return (1, new long[n], string.Format(CultureInfo.InvariantCulture, "too few rows for 2 modes of {0}", MinRows(size)));
        // The search and the centres come from one sample (up to 2,000 rows, as the collapse monitor's mode search):
        // k-means on all rows of a large table merged neighbouring modes more often (a grid of 25 modes in 10-D,
        // 100,000 rows: clusters of 2,008 to 7,888 rows for modes of 4,000). Every row then goes to its nearest centre.
        var sample = n <= SearchRows ? rows : KMeans.SampleIndices(n, SearchRows, new Random(seed))
            .SelectMany(i => rows.AsSpan((int)i * size, size).ToArray()).ToArray();
        int sampled = sample.Length / size;
        (int k, double silhouette) best;
        using (var table = tensor(sample, new long[] { sampled, size }))
            best = KMeans.ChooseKWithSilhouette(table, 2, kMax, seed, SearchRows);
        string found = string.Format(CultureInfo.InvariantCulture, "the best clustering has {0} modes, mean silhouette {1:0.00}", best.k, best.silhouette);
        if (mode == ModeNormalization.Auto && best.silhouette < StrongStructure)
            return (1, new long[n], found + string.Format(CultureInfo.InvariantCulture, ", below {0}", StrongStructure));
        var (centres, _) = KMeans.FitBest(sample.Select(v => (double)v).ToArray(), size, best.k, seed, maxIterations: 100, restarts: KMeans.DefaultRestarts);
        using var points = tensor(rows, new long[] { n, size });
        using var centreTensor = tensor(centres.Select(c => (float)c).ToArray(), new long[] { best.k, size });
        using var labels = KMeans.Assign(points, centreTensor);
        return (best.k, labels.data<long>().ToArray(), found);
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
        if (count is < 1 or > MaxModes || size is < 1 or > MaxSize)
            throw new InvalidDataException($"mode clusters of {count} modes x {size} values (1 to {MaxModes} modes of 1 to {MaxSize} values)");
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
