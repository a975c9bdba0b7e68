using MLGan.Data;
using static TorchSharp.torch;

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

    public Tensor RowsTensor { get; }
    public Tensor RadiiK3Tensor { get; }
    public Tensor RadiiK5Tensor { get; }
    public Tensor ModeCentersTensor { get; }
    public Tensor ModeRadiiTensor { get; }
    public Tensor BinCentersTensor { get; }

    /// <summary>Fits the reference on real rows (see <see cref="DiversityScoringOptions"/>).</summary>
    public static DiversityReference Fit(FeatureTable table, DiversityScoringOptions options, int seed)
    {
        int size = table.Size;
        if (options.ModeCenters is not null && options.ModeCenters[0].Length != size)
            throw new ArgumentException(
                $"DiversityScoringOptions.ModeCenters have {options.ModeCenters[0].Length} values each but the column '{options.FeatureColumnName}' has {size}.",
                nameof(options));
        int minimum = DensityCoverageK + 2;
        if (table.Rows < minimum)
            throw new InvalidOperationException(
                $"The reference data has {table.Rows} rows; diversity scoring needs at least {minimum} (k-NN radii use the 5 nearest neighbours).");

        var rows = table.Sample(options.MaxReferenceRows, seed).Values;
        int n = rows.Length / size;
        using var scope = NewDisposeScope();
        var x = Matrix(rows, size);
        var radii = NearestNeighbors.KthNeighborDistancesForEach(x, new[] { PrecisionRecallK, DensityCoverageK, 1 });
        var radiiK3 = radii[0].data<float>().ToArray();
        var radiiK5 = radii[1].data<float>().ToArray();
        var nearestOther = radii[2].data<float>().ToArray();

        float[] centers, modeRadii;
        double[] weights;
        if (options.ModeCenters is not null)
        {
            centers = options.ModeCenters.SelectMany(c => c).ToArray();
            modeRadii = Enumerable.Repeat(options.QualityRadius!.Value, options.ModeCenters.Length).ToArray();
            weights = Enumerable.Repeat(1.0 / options.ModeCenters.Length, options.ModeCenters.Length).ToArray();
        }
        else
        {
            int k = options.NumberOfModes ?? KMeans.ChooseK(x, 2, Math.Min(options.MaxModes, n - 1), seed);
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
                modeRadii[m] = members.Length == 0 ? 0f : Quantile(members, options.QualityQuantile);
            }
        }

        int bins = Math.Min(options.NdbBins, n);
        var binCenters = KMeans.Fit(x, bins, seed + 1);
        var binAssignment = KMeans.Assign(x, binCenters).data<long>().ToArray();
        var proportions = new double[bins];
        foreach (var b in binAssignment)
            proportions[b] += 1.0 / n;

        float duplicateRadius = options.DuplicateRadius ?? 0.1f * Quantile(nearestOther, 0.5);
        return new DiversityReference(size, rows, radiiK3, radiiK5, centers, modeRadii, weights, options.ModeCenters is not null,
            binCenters.data<float>().ToArray(), proportions, FeatureStatistics.Of(x), duplicateRadius);
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
