using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MLGan.Diversity;
using MLGan.Persistence;
using static TorchSharp.torch;
using MLGan.Tensors;

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

    /// <summary>Rows the silhouettes of the mode search compare (a sample of larger tables).</summary>
    public const int SilhouetteRows = 2000;

    /// <summary>
    /// Rows the Gaussian mixture is fitted to (a sample of larger tables): 2,000 to 10,000, fewer for wider rows, about
    /// 4·10⁶ / d² so that an EM pass stays near a constant cost. More than the silhouettes': a small mode's parameters
    /// (d + d(d+1)/2) must be paid for by its rows' likelihood, and with 2,000 rows a mode of 1.7% in 20-D was merged into
    /// its neighbour.
    /// </summary>
    public static int SearchRows(int size) => Math.Clamp(4_000_000 / (size * size), SilhouetteRows, 10_000);

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
        var (labels, found) = Search(rows, size, mode, seed);
        ModeClusters? modes = null;
        int[] counts = { n };
        // Each mode's moments from its rows, every row to its most likely mode (the rule the networks apply), and again
        // until no row changes mode (a few rounds at most), so that the training rows are whitened by the modes they made.
        for (int round = 0; round < MaxAssignmentRounds && labels is not null; round++)
        {
            counts = CountsOf(labels, (int)labels.Max() + 1);
            if (counts.Min() < minRows)
            {
                found += string.Format(CultureInfo.InvariantCulture, ", but its smallest mode holds {0} rows, fewer than {1}", counts.Min(), minRows);
                (modes, counts) = (null, new[] { n });
                break;
            }
            modes = OfLabels(rows, size, labels);
            var assigned = modes.Labels(rows);
            if (assigned.AsSpan().SequenceEqual(labels))
                break;
            labels = assigned;
        }
        modes ??= OfLabels(rows, size, new long[n]);
        decision = modes.Count == 1 ? $"one mode ({found}): the rows whitened as a whole"
            : string.Format(CultureInfo.InvariantCulture, "{0} modes ({1}; {2} to {3} rows each), each whitened on its own", modes.Count, found, counts.Min(), counts.Max());
        return modes;
    }

    /// <summary>The modes given each row's label (0 to k − 1, every label present): shares, means and whitenings.</summary>
    private static ModeClusters OfLabels(float[] rows, int size, long[] labels)
    {
        int n = labels.Length;
        var counts = CountsOf(labels, (int)labels.Max() + 1);
        int k = counts.Length;
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
        return new ModeClusters(means, shapes, counts.Select(c => (float)c / n).ToArray());
    }

    private static int[] CountsOf(long[] labels, int k)
    {
        var counts = new int[k];
        foreach (long label in labels)
            counts[label]++;
        return counts;
    }

    /// <summary>
    /// Each row's mode (null for one mode) and what the search found (for the log). Whether there are modes at all:
    /// k-means with silhouettes; Auto keeps one mode unless the best clustering's mean silhouette reaches
    /// <see cref="StrongStructure"/>, Always takes the best clustering whatever its silhouette. How many and which: the
    /// Gaussian mixture of lowest BIC that split and merge moves reach from the silhouette's k
    /// (<see cref="GaussianModes.Search"/>), every mode of it holding <see cref="MinRows"/> rows of the whole table and
    /// more sampled rows than values per row (a covariance to estimate); where no mixture does, the k-means clusters.
    /// </summary>
    private static (long[]? Labels, string Found) Search(float[] rows, int size, ModeNormalization mode, int seed)
    {
        int n = rows.Length / size, minRows = MinRows(size);
        int kMax = Math.Min(MaxModes, Math.Min(n / minRows, Math.Min(n, SilhouetteRows) - 1));
        if (kMax < 2)
            return (null, string.Format(CultureInfo.InvariantCulture, "too few rows for 2 modes of {0}", minRows));
        // The search and the modes come from one sample: k-means on all rows of a large table merged neighbouring modes
        // more often (a grid of 25 modes in 10-D, 100,000 rows: clusters of 2,008 to 7,888 rows for modes of 4,000).
        int searchRows = SearchRows(size);
        var sample = n <= searchRows ? rows : KMeans.SampleIndices(n, searchRows, new Random(seed))
            .SelectMany(i => rows.AsSpan((int)i * size, size).ToArray()).ToArray();
        int sampled = sample.Length / size;
        (int k, double silhouette) best;
        using (var table = tensor(sample, new long[] { sampled, size }))
            best = KMeans.ChooseKWithSilhouette(table, 2, kMax, seed, SilhouetteRows);
        string found = string.Format(CultureInfo.InvariantCulture, "the best k-means clustering has {0} modes, mean silhouette {1:0.00}", best.k, best.silhouette);
        if (mode == ModeNormalization.Auto && best.silhouette < StrongStructure)
            return (null, found + string.Format(CultureInfo.InvariantCulture, ", below {0}", StrongStructure));
        // Every mode must hold MinRows rows of the whole table (its share of the sample, scaled), and a covariance's worth of the sample.
        int minSampleRows = Math.Max((int)Math.Ceiling((double)minRows * sampled / n), size + 1);
        var values = sample.Select(v => (double)v).ToArray();
        var chosen = GaussianModes.Search(values, size, best.k, kMax, minSampleRows, seed);
        if (chosen is not null)
            return (OfLabels(sample, size, chosen.Labels).Labels(rows), found + string.Format(CultureInfo.InvariantCulture, "; the Gaussian mixture of lowest BIC found from it: {0} modes", chosen.Count));
        var (centres, _) = KMeans.FitBest(values, size, best.k, seed, maxIterations: 100, restarts: KMeans.DefaultRestarts);
        using var points = tensor(rows, new long[] { n, size });
        using var centreTensor = tensor(centres.Select(c => (float)c).ToArray(), new long[] { best.k, size });
        using var nearest = KMeans.Assign(points, centreTensor);
        return (nearest.data<long>().ToArray(), found + string.Format(CultureInfo.InvariantCulture, "; too few sampled rows per mode for a Gaussian mixture ({0} needed): the k-means clusters", minSampleRows));
    }

    /// <summary>Most rounds of assigning every row to its most likely mode and refitting the modes.</summary>
    public const int MaxAssignmentRounds = 5;

    /// <summary>
    /// Each row's most likely mode, as a Gaussian of the mode's mean and covariance with the mode's share as its prior
    /// (the lowest ‖Λ_c^(-1/2) V_cᵀ (x − μ_c)‖² + ln|Σ_c| − 2 ln π_c), and the row whitened by that mode:
    /// <paramref name="rows"/> [n, d] (rows of the modes' size) to ([n, d], int64 [n]). One matrix product against all
    /// modes' whitenings (<see cref="RuleTensors"/>). The networks apply the same rule (<see cref="Networks.ModeNormalizedNetwork"/>).
    /// </summary>
    public (Tensor Whitened, Tensor Modes) MostLikely(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var (whitening, whitenedMeans, offsets) = RuleTensors(rows.device);
        var (whitened, modes) = MostLikely(rows, whitening, whitenedMeans, offsets);
        return (whitened.MoveToOuterDisposeScope(), modes.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Each row's most likely mode (<see cref="MostLikely(Tensor)"/>) for row-major <paramref name="rows"/> of
    /// <see cref="Size"/> values, in blocks of at most 2²⁴ whitened values (64 MiB).
    /// </summary>
    public long[] Labels(float[] rows)
    {
        int n = rows.Length / Size, block = Math.Max(1, (1 << 24) / (Count * Size));
        var labels = new long[n];
        using var scope = NewDisposeScope();
        var (whitening, whitenedMeans, offsets) = RuleTensors();
        for (int start = 0; start < n; start += block)
        {
            using var step = NewDisposeScope();
            int count = Math.Min(block, n - start);
            var chunk = tensor(rows.AsSpan(start * Size, count * Size).ToArray(), new long[] { count, Size });
            MostLikely(chunk, whitening, whitenedMeans, offsets).Modes.data<long>().ToArray().CopyTo(labels, start);
        }
        return labels;
    }

    /// <summary><see cref="MostLikely(Tensor)"/> with the tensors of <see cref="RuleTensors"/> given.</summary>
    public static (Tensor Whitened, Tensor Modes) MostLikely(Tensor rows, Tensor whitening, Tensor whitenedMeans, Tensor offsets)
    {
        long n = rows.shape[0], k = offsets.shape[0], d = rows.shape[1];
        var all = (rows.mm(whitening) - whitenedMeans).view(n, k, d); // each row whitened by every mode
        Tensor modes;
        using (no_grad())
            modes = all.Squared().sum(2).Plus(offsets).argmin(1);
        return (all.gather(1, modes.view(n, 1, 1).expand(n, 1, d)).squeeze(1), modes);
    }

    /// <summary>
    /// The rule's constants: every mode's whitening side by side, W = [W_1ᵀ … W_kᵀ] with W_c = Λ_c^(-1/2) V_cᵀ ([d, k·d]),
    /// the whitened means W_c μ_c ([k·d]), and per mode 2 Σ ln √λ − 2 ln π_c over its directions with spread ([k]).
    /// </summary>
    public (Tensor Whitening, Tensor WhitenedMeans, Tensor Offsets) RuleTensors(Device? device = null)
    {
        int k = Count, d = Size;
        var whitening = new float[d * k * d];
        var whitenedMeans = new float[k * d];
        var offsets = new float[k];
        for (int c = 0; c < k; c++)
        {
            var shape = Shapes[c];
            double offset = -2 * Math.Log(Shares[c]);
            for (int i = 0; i < d; i++)
            {
                float spread = shape.Spread[i];
                if (spread == 0)
                    continue;
                offset += 2 * Math.Log(spread);
                double projected = 0;
                for (int a = 0; a < d; a++)
                {
                    float w = shape.Rotation[a * d + i] / spread; // row i of Λ^(-1/2) Vᵀ, column a
                    whitening[a * k * d + c * d + i] = w;
                    projected += w * Means[c * d + a];
                }
                whitenedMeans[c * d + i] = (float)projected;
            }
            offsets[c] = (float)offset;
        }
        return (tensor(whitening, new long[] { d, k * d }, device: device), tensor(whitenedMeans, device: device), tensor(offsets, device: device));
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
