using MLGan.Data;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// What scoring needs to know about the real data: a reference sample with its k-NN radii (k = 3 for
/// precision/recall, k = 5 for density/coverage), the modes (centres, quality radii, weights), the NDB bins,
/// feature statistics for the Fréchet distance and the near-duplicate radius. Immutable; holds CPU tensors
/// of the arrays for blocked distance computations, released by <see cref="Dispose"/>.
/// </summary>
internal sealed class DiversityReference : IDisposable
{
    public const int PrecisionRecallK = 3;
    public const int DensityCoverageK = 5;

    public DiversityReference(int featureSize, float[] rows, float[] radiiK3, float[] radiiK5, float[] modeCenters, float[] modeRadii,
        double[] modeWeights, bool modesGiven, float[] binCenters, double[] binProportions, FeatureStatistics statistics, float duplicateRadius)
    {
        FeatureSize = featureSize;
        Rows = rows;
        RadiiK3 = radiiK3;
        RadiiK5 = radiiK5;
        ModeCenters = modeCenters;
        ModeRadii = modeRadii;
        ModeWeights = modeWeights;
        ModesGiven = modesGiven;
        BinCenters = binCenters;
        BinProportions = binProportions;
        Statistics = statistics;
        DuplicateRadius = duplicateRadius;
        Validate();
        // Owned by this object, whatever dispose scope it is created in.
        RowsTensor = Matrix(rows, featureSize).DetachFromDisposeScope();
        RadiiK3Tensor = tensor(radiiK3).DetachFromDisposeScope();
        RadiiK5Tensor = tensor(radiiK5).DetachFromDisposeScope();
        ModeCentersTensor = Matrix(modeCenters, featureSize).DetachFromDisposeScope();
        ModeRadiiTensor = tensor(modeRadii).DetachFromDisposeScope();
        BinCentersTensor = Matrix(binCenters, featureSize).DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        var neighbours = ManifoldMetrics.BallCounts(RowsTensor, RowsTensor, HeldScalarOps.Full(RowCount, duplicateRadius, ScalarType.Float32)).Minus(1);
        NeighbourCounts = neighbours.to_type(ScalarType.Int32).data<int>().ToArray();
        ModeHitCounts = ModeHits(RowsTensor, modeCenters, modeRadii, featureSize, outOfSample: modesGiven ? null : neighbours.EqualTo(0));
    }

    public int FeatureSize { get; }
    public float[] Rows { get; }
    public int RowCount => Rows.Length / FeatureSize;
    public float[] RadiiK3 { get; }
    public float[] RadiiK5 { get; }
    public float[] ModeCenters { get; }
    public int ModeCount => ModeRadii.Length;
    public float[] ModeRadii { get; }
    public double[] ModeWeights { get; }
    public bool ModesGiven { get; }
    public float[] BinCenters { get; }
    public double[] BinProportions { get; }
    public FeatureStatistics Statistics { get; }
    public float DuplicateRadius { get; }

    /// <summary>Reference rows that are high quality in each mode (the real data's own mode histogram).</summary>
    public int[] ModeHitCounts { get; }

    /// <summary>Per reference row, how many other reference rows lie within <see cref="DuplicateRadius"/>.</summary>
    public int[] NeighbourCounts { get; }

    public Tensor RowsTensor { get; }
    public Tensor RadiiK3Tensor { get; }
    public Tensor RadiiK5Tensor { get; }
    public Tensor ModeCentersTensor { get; }
    public Tensor ModeRadiiTensor { get; }
    public Tensor BinCentersTensor { get; }

    /// <summary>Fewest reference rows scoring accepts: below this, k-NN radii and modes say little about the real data.</summary>
    public const int MinimumRows = 20;

    /// <summary>Below this many reference rows the metrics carry a note that the verdict has little power.</summary>
    public const int SmallRows = 200;

    /// <summary>Automatic modes hold this many reference rows on average at least, so the mode count does not grow with noise.</summary>
    public const int MinimumRowsPerMode = 20;

    /// <summary>Fits the reference on real rows (see <see cref="DiversityScoringOptions"/>).</summary>
    /// <exception cref="InvalidOperationException">Fewer than <see cref="MinimumRows"/> rows, or all rows identical.</exception>
    public static DiversityReference Fit(FeatureTable table, DiversityScoringOptions options, int seed, string dataName = "reference data")
    {
        int size = table.Size;
        if (options.ModeCenters is not null && options.ModeCenters[0].Length != size)
            throw new ArgumentException(
                $"DiversityScoringOptions.ModeCenters have {options.ModeCenters[0].Length} values each but the column '{options.FeatureColumnName}' has {size}.",
                nameof(options));
        if (table.Rows < MinimumRows)
            throw new InvalidOperationException(
                $"The {dataName} has {table.Rows} rows; diversity scoring needs at least {MinimumRows} real rows to say anything about modes and " +
                $"neighbourhoods (a few hundred give a verdict with power). Score against more real rows.");

        var rows = table.Sample(options.MaxReferenceRows, seed).Values;
        int n = rows.Length / size;
        using var scope = NewDisposeScope();
        var x = Matrix(rows, size);
        var (resolution, distinct) = Resolution(rows, size, dataName);
        float duplicateRadius = options.DuplicateRadius ?? 0.1f * resolution;
        var radii = NearestNeighbors.KthNeighborDistancesForEach(x, new[] { PrecisionRecallK, DensityCoverageK });
        // Repeated values give zero k-NN radii; a ball is never smaller than the duplicate radius (the data's resolution).
        var radiiK3 = radii[0].ClampMin(duplicateRadius).data<float>().ToArray();
        var radiiK5 = radii[1].ClampMin(duplicateRadius).data<float>().ToArray();

        float[] centers, modeRadii;
        double[] weights;
        if (options.ModeCenters is not null)
        {
            centers = options.ModeCenters.SelectMany(c => c).ToArray();
            modeRadii = Enumerable.Repeat(options.QualityRadius!.Value, options.ModeCenters.Length).ToArray();
            // The real data's mode weights: given, or measured from the reference's high-quality rows (half a row added
            // per mode, so a mode the reference sample happens to miss keeps a small positive weight).
            weights = options.ModeWeights?.ToArray() ?? ModeHits(x, centers, modeRadii, size).Select(h => h + 0.5).ToArray();
            double total = weights.Sum();
            weights = weights.Select(w => w / total).ToArray();
        }
        else
        {
            // Silhouettes need fewer clusters than rows; more clusters than distinct rows would leave some empty.
            int kMax = Math.Min(Math.Min(options.MaxModes, Math.Max(2, n / MinimumRowsPerMode)), Math.Min(n - 1, distinct));
            int k = options.NumberOfModes ?? (kMax >= 2 ? KMeans.ChooseK(x, 2, kMax, seed) : 1);
            k = Math.Min(k, n);
            var c = KMeans.Fit(x, k, seed);
            var assignment = KMeans.Assign(x, c).data<long>().ToArray();
            var (distances, _) = NearestNeighbors.Nearest(x, c);
            var toCenter = distances.data<float>().ToArray();
            centers = c.data<float>().ToArray();
            weights = new double[k];
            modeRadii = new float[k];
            for (int m = 0; m < k; m++)
            {
                var members = Enumerable.Range(0, n).Where(i => assignment[i] == m).Select(i => toCenter[i]).ToArray();
                weights[m] = (double)members.Length / n;
                // Repeated values give a zero quantile: half the data's resolution keeps the radius positive.
                modeRadii[m] = Math.Max(members.Length == 0 ? 0f : Quantile(members, options.QualityQuantile), 0.5f * resolution);
            }
        }

        int bins = Math.Min(options.NdbBins, Math.Min(n, distinct));
        var binCenters = KMeans.Fit(x, bins, seed + 1);
        var binCounts = KMeans.Assign(x, binCenters).bincount(null, bins).data<long>().ToArray();
        var proportions = binCounts.Select(count => (double)count / n).ToArray();

        return new DiversityReference(size, rows, radiiK3, radiiK5, centers, modeRadii, weights, options.ModeCenters is not null,
            binCenters.data<float>().ToArray(), proportions, FeatureStatistics.Of(x), duplicateRadius);
    }

    /// <summary>
    /// The data's resolution: the median distance from a distinct row to the nearest other distinct row (repeated rows
    /// counted once, so discrete data has the spacing of its values, not 0), and the number of distinct rows.
    /// </summary>
    private static (float Resolution, int Distinct) Resolution(float[] rows, int size, string dataName)
    {
        var seen = new HashSet<string>();
        var distinct = new List<float>();
        for (int i = 0; i < rows.Length; i += size)
        {
            var row = rows.AsSpan(i, size);
            if (seen.Add(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row))))
                distinct.AddRange(row.ToArray());
        }
        int count = distinct.Count / size;
        if (count < 2)
            throw new InvalidOperationException(
                $"The {dataName} has no spread: all {rows.Length / size} rows are identical, so no sample can be compared with it. " +
                "Score against real rows that vary.");
        using var scope = NewDisposeScope();
        var nearest = NearestNeighbors.NearestOtherDistances(Matrix(distinct.ToArray(), size)).data<float>().ToArray();
        return (Quantile(nearest, 0.5), count);
    }

    /// <summary>
    /// High-quality rows of <paramref name="x"/> per mode: nearest centre j and within its radius. For k-means modes,
    /// whose centres and radii were fitted to these very rows, the rows flagged in <paramref name="outOfSample"/> have
    /// their distance scaled by nⱼ / (nⱼ − 1), their exact distance to the mean of the other nⱼ − 1 members, so the count
    /// estimates how many fresh real rows would be high quality rather than how many fitted ones are: a tiny cluster far
    /// out in a heavy tail holds its own members but few new rows (a one-row mode holds none). Rows with a near-duplicate
    /// are left as they are: in discrete data a fresh row lands exactly where real rows already are.
    /// </summary>
    private static int[] ModeHits(Tensor x, float[] centers, float[] radii, int size, Tensor? outOfSample = null)
    {
        using var scope = NewDisposeScope();
        var (distance, mode) = NearestNeighbors.Nearest(x, Matrix(centers, size));
        if (outOfSample is not null)
        {
            var members = mode.bincount(null, radii.Length).to_type(ScalarType.Float64).index_select(0, mode);
            var scaled = distance.to_type(ScalarType.Float64).mul(members.div(members.Minus(1))).to_type(ScalarType.Float32);
            distance = where(outOfSample, scaled, distance);
        }
        var quality = distance.le(tensor(radii).index_select(0, mode));
        return mode.masked_select(quality).bincount(null, radii.Length).to_type(ScalarType.Int32).data<int>().ToArray();
    }

    /// <summary>
    /// Per-row scores of <paramref name="rows"/> (nearest reference distance, inside the k = 3 manifold, nearest mode,
    /// high quality) and the joint manifold pass they come from; with <paramref name="rowRadiiK3"/> the pass also
    /// finds which reference rows lie in the rows' own manifold (recall).
    /// </summary>
    public RowScores ScoreRows(Tensor rows, Tensor? rowRadiiK3 = null)
    {
        using var scope = NewDisposeScope();
        var joint = JointManifoldPass.Run(rows, RowsTensor, RadiiK3Tensor, RadiiK5Tensor, rowRadiiK3);
        var (modeDistance, modeIndex) = NearestNeighbors.Nearest(rows, ModeCentersTensor);
        var quality = modeDistance.le(ModeRadiiTensor.index_select(0, modeIndex));
        return new RowScores(joint.NearestDistance, joint.InsidePrecisionBalls,
            modeIndex.to_type(ScalarType.Int32).data<int>().ToArray(), quality.data<bool>().ToArray(), joint);
    }

    /// <summary>Per-row scores and the joint pass they came from.</summary>
    public sealed record RowScores(float[] Distance, bool[] InManifold, int[] Mode, bool[] HighQuality, JointManifoldPass.Result Joint);

    public void Dispose()
    {
        RowsTensor.Dispose();
        RadiiK3Tensor.Dispose();
        RadiiK5Tensor.Dispose();
        ModeCentersTensor.Dispose();
        ModeRadiiTensor.Dispose();
        BinCentersTensor.Dispose();
    }

    public static Tensor Matrix(float[] values, int columns) => tensor(values, new long[] { values.Length / columns, columns });

    /// <summary>The q-quantile by linear interpolation between order statistics.</summary>
    public static float Quantile(float[] values, double q)
    {
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return (float)(sorted[low] + (position - low) * (sorted[high] - sorted[low]));
    }

    private void Validate()
    {
        int n = RowCount;
        bool ok = FeatureSize > 0 && Rows.Length % FeatureSize == 0 && n > DensityCoverageK
            && RadiiK3.Length == n && RadiiK5.Length == n
            && ModeCenters.Length == ModeRadii.Length * FeatureSize && ModeWeights.Length == ModeRadii.Length && ModeRadii.Length > 0
            && BinCenters.Length == BinProportions.Length * FeatureSize && BinProportions.Length > 0
            && Statistics.Dimension == FeatureSize && DuplicateRadius >= 0;
        if (!ok)
            throw new InvalidDataException("inconsistent diversity reference (array sizes do not match)");
    }
}
