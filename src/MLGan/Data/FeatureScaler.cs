namespace MLGan.Data;

/// <summary>
/// Per-slot standardization, after an optional per-slot transform t (<see cref="SlotTransform"/>: the logarithm, or the
/// quantile transform of <see cref="SlotQuantiles"/>) and before an optional PCA whitening of all slots (<see cref="PcaWhitening"/>): networks
/// train on W((t(x) - mean) / scale) and generated rows are mapped back to the user's units (t⁻¹(W⁻¹(y) · scale + mean)).
/// <list type="bullet">
/// <item>A constant slot (every value identical) gets scale 0: the networks see 0 there, and generated rows get
/// the constant back exactly (0 · output + mean), whatever the generator writes in that slot.</item>
/// <item>Any other slot keeps its own standard deviation as scale, however small its units: there is no absolute
/// threshold, and the statistics are computed in double precision.</item>
/// </list>
/// Models saved before scale 0 existed store scale 1 for constant slots, which still maps them back to the mean
/// of a well-trained generator; they load and generate as they did.
/// </summary>
internal sealed class FeatureScaler : IFeatureCodec
{
    public const string TypeTag = "standardize";

    /// <param name="dimensions">The column's dimensions, whose product is the slot count; a plain vector when null.</param>
    /// <param name="transforms">Per slot, <see cref="SlotTransform.None"/>, <see cref="SlotTransform.Log"/> or <see cref="SlotTransform.Quantile"/>; none when null.</param>
    /// <param name="quantiles">Per slot, the quantile transform of a <see cref="SlotTransform.Quantile"/> slot, null for the others.</param>
    /// <param name="whitening">PCA whitening after standardization, over all slots; none when null.</param>
    /// <param name="calibrations">Per slot, the generator's own quantiles of a <see cref="SlotTransform.Quantile"/> slot (see <see cref="Calibrated"/>); none when null.</param>
    public FeatureScaler(float[] mean, float[] scale, int[]? dimensions = null, SlotTransform[]? transforms = null, PcaWhitening? whitening = null,
        SlotQuantiles?[]? quantiles = null, SlotQuantiles?[]? calibrations = null)
    {
        if (whitening is not null && whitening.Size != mean.Length)
            throw new ArgumentException("the whitening must cover every slot");
        if (mean.Length != scale.Length || (transforms is not null && transforms.Length != mean.Length))
            throw new ArgumentException("mean, scale and transforms must have the same length");
        if (transforms is not null && transforms.Any(t => t is not (SlotTransform.None or SlotTransform.Log or SlotTransform.Quantile)))
            throw new ArgumentException("a slot's transform is None, Log or Quantile");
        if (transforms is not null && Enumerable.Range(0, transforms.Length).Any(j => (transforms[j] == SlotTransform.Quantile) != (quantiles?[j] is not null)))
            throw new ArgumentException("every Quantile slot, and only those, needs its quantiles");
        if (calibrations is not null && (calibrations.Length != mean.Length || Enumerable.Range(0, mean.Length).Any(j => calibrations[j] is not null && quantiles?[j] is null)))
            throw new ArgumentException("only Quantile slots are calibrated");
        if (dimensions is not null && dimensions.Aggregate(1L, (a, b) => a * b) != mean.Length)
            throw new ArgumentException("the dimensions do not multiply to the slot count");
        Mean = mean;
        Scale = scale;
        Dimensions = dimensions ?? new[] { mean.Length };
        Transforms = transforms ?? Enumerable.Repeat(SlotTransform.None, mean.Length).ToArray();
        Whitening = whitening;
        Quantiles = quantiles ?? new SlotQuantiles?[mean.Length];
        Calibrations = calibrations ?? new SlotQuantiles?[mean.Length];
    }

    /// <summary>
    /// Per slot: the trained generator's own quantile transform of a calibrated <see cref="SlotTransform.Quantile"/> slot,
    /// null for the others (see <see cref="Calibrated"/>).
    /// </summary>
    public SlotQuantiles?[] Calibrations { get; }

    /// <summary>
    /// Rows the generator writes for <see cref="Calibrated"/>: 100,000, fewer when more than 100 slots are calibrated
    /// (at most 10 million values are kept), at least 10,000.
    /// </summary>
    public int CalibrationRows => Math.Clamp(10_000_000 / Math.Max(1, Quantiles.Count(q => q is not null)), 10_000, 100_000);

    /// <summary>Whether any slot has the quantile transform (and so can be calibrated).</summary>
    public bool HasQuantileSlots => Quantiles.Any(q => q is not null);

    /// <summary>
    /// This scaler with each <see cref="SlotTransform.Quantile"/> slot calibrated to a trained generator: a generated value's
    /// rank among <paramref name="generated"/> (the generator's rows in scaled units, row-major, in blocks;
    /// <see cref="CalibrationRows"/> of them) picks the training quantile at that rank (<see cref="SlotQuantiles.ValueAt"/>),
    /// instead of its standard normal probability. The slot's generated quantiles then are the training quantiles
    /// (numpy's default definition, within the calibration sample's noise) however far the generator's distribution of
    /// the slot is from the standard normal it was trained toward, and the order of generated values within the slot,
    /// which carries its relation to the other slots, is unchanged. This is quantile mapping, the standard correction
    /// of a model's marginal distributions (Panofsky and Brier 1968; used for climate model output since); it matters
    /// for heavy tails, where a few percent of probability spans a large range of values.
    /// </summary>
    public FeatureScaler Calibrated(IEnumerable<float[]> generated)
    {
        var scores = Quantiles.Select(q => q is null ? null : new List<double>()).ToArray();
        foreach (var block in generated)
        {
            var rows = (float[])block.Clone();
            Whitening?.Unwhiten(rows);
            for (int i = 0; i < rows.Length; i++)
                scores[i % Size]?.Add(rows[i] * (double)Scale[i % Size] + Mean[i % Size]);
        }
        var calibrations = scores.Select(values => values is null ? null : SlotQuantiles.Fit(values.ToArray())).ToArray();
        return new FeatureScaler(Mean, Scale, Dimensions, Transforms, Whitening, Quantiles, calibrations);
    }

    /// <summary>Per slot: the quantile transform of a <see cref="SlotTransform.Quantile"/> slot, null for the others.</summary>
    public SlotQuantiles?[] Quantiles { get; }

    /// <summary>The PCA whitening applied after standardization (<see cref="FeatureWhitening"/>), or null.</summary>
    public PcaWhitening? Whitening { get; }

    /// <summary>Per slot: <see cref="SlotTransform.None"/>, <see cref="SlotTransform.Log"/> or <see cref="SlotTransform.Quantile"/> (in the statistics' space).</summary>
    public SlotTransform[] Transforms { get; }

    public float[] Mean { get; }

    /// <summary>Standard deviation per slot; 0 for a constant slot.</summary>
    public float[] Scale { get; }

    public int Size => Mean.Length;

    public string Kind => TypeTag;

    public long[] EncodedShape => new long[] { Size };

    public int[] Dimensions { get; }

    public (float Low, float High)? Bounds => null;

    public double RangeValue(int slot, double value) => Forward(slot, value);

    public IScoringSpace ScoringSpace => UserUnits.Instance;

    public float[] Encode(FeatureTable table) => Transform(table);

    public void DecodeInPlace(Span<float> rows) => InverseTransformInPlace(rows);

    /// <summary>
    /// The scaler of <paramref name="table"/>: each slot's transform (<paramref name="mode"/>; Auto chooses per slot), then the
    /// mean and standard deviation of the transformed values. A constant slot is never transformed.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="SlotTransform.Log"/> with a value that is not positive (the message names the slot).</exception>
    public static FeatureScaler Fit(FeatureTable table, SlotTransform mode = SlotTransform.None, FeatureWhitening whitening = FeatureWhitening.None)
    {
        int size = table.Size;
        var transforms = new SlotTransform[size];
        var quantiles = new SlotQuantiles?[size];
        var slot = new double[table.Rows];
        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < table.Rows; i++)
                slot[i] = table.Values[i * size + j];
            transforms[j] = Choose(slot, mode, j);
            if (transforms[j] == SlotTransform.Quantile)
                quantiles[j] = SlotQuantiles.Fit(slot);
        }
        var transformed = new double[table.Values.Length];
        for (int i = 0; i < transformed.Length; i++)
            transformed[i] = Forward(transforms[i % size], quantiles[i % size], table.Values[i]);

        var sum = new double[size];
        var first = transformed.AsSpan(0, size).ToArray();
        var constant = Enumerable.Repeat(true, size).ToArray();
        for (int i = 0; i < table.Rows; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double value = transformed[i * size + j];
                sum[j] += value;
                constant[j] &= value == first[j];
            }
        }
        var mean = new double[size];
        for (int j = 0; j < size; j++)
            mean[j] = constant[j] ? first[j] : sum[j] / table.Rows;
        var sumSquares = new double[size];
        for (int i = 0; i < table.Rows; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double deviation = transformed[i * size + j] - mean[j];
                sumSquares[j] += deviation * deviation;
            }
        }
        var scale = new float[size];
        for (int j = 0; j < size; j++)
        {
            // A slot with any spread keeps it; the smallest positive float stands in for a spread below float's range.
            scale[j] = constant[j] ? 0f : Math.Max((float)Math.Sqrt(sumSquares[j] / table.Rows), float.Epsilon);
        }
        return new FeatureScaler(mean.Select(m => (float)m).ToArray(), scale, table.Dimensions, transforms, quantiles: quantiles).Whitened(table, whitening);
    }

    /// <summary>This scaler, followed by the PCA whitening of <paramref name="table"/>'s scaled rows where <paramref name="whitening"/> calls for it.</summary>
    public FeatureScaler Whitened(FeatureTable table, FeatureWhitening whitening)
        => Whitening is null && PcaWhitening.Fit(Transform(table), Mean.Length, whitening) is { } pca
            ? new FeatureScaler(Mean, Scale, Dimensions, Transforms, pca, Quantiles, Calibrations)
            : this;

    /// <summary>Sample skewness above which Auto gives a positive slot the quantile transform.</summary>
    public const double HeavyTailSkewness = 2;

    private static SlotTransform Choose(double[] values, SlotTransform mode, int slot)
    {
        bool positive = values.All(v => v > 0), constant = values.All(v => v == values[0]);
        switch (mode)
        {
            case SlotTransform.Log when !positive:
                double bad = values.First(v => !(v > 0));
                throw new ArgumentException(
                    $"GanOptions.SlotTransform = Log needs positive values, and slot {slot} of the training data holds {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}. " +
                    "Use SlotTransform.Quantile (any values), Auto (a transform only where every value is positive and the slot is heavy-tailed) or None.", "SlotTransform");
            case SlotTransform.Log:
                return constant ? SlotTransform.None : SlotTransform.Log;
            case SlotTransform.Quantile:
                return constant ? SlotTransform.None : SlotTransform.Quantile;
            case SlotTransform.Auto when positive && !constant && values.Length >= 3:
                double skewness = MathNet.Numerics.Statistics.Statistics.Skewness(values);
                double logSkewness = MathNet.Numerics.Statistics.Statistics.Skewness(values.Select(v => Math.Log(v)));
                // Heavy-tailed: the quantile transform, which brought a log-normal slot's q10/q50/q90 closer to the real ones
                // than the log did (RESULTS.md, heavy-tailed slots: q10 at most 28% high against the log's 18–50%).
                return skewness > HeavyTailSkewness && Math.Abs(logSkewness) < skewness ? SlotTransform.Quantile : SlotTransform.None;
            default:
                return SlotTransform.None;
        }
    }

    private double Forward(int slot, double value) => Forward(Transforms[slot], Quantiles[slot], value);

    private static double Forward(SlotTransform transform, SlotQuantiles? quantiles, double value) => transform switch
    {
        SlotTransform.Log => Math.Log(value),
        SlotTransform.Quantile => quantiles!.Forward(value),
        _ => value,
    };

    /// <summary>Scaled copy of a row-major table (0 in constant slots).</summary>
    public float[] Transform(FeatureTable table)
    {
        var result = new float[table.Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int j = i % Size;
            // Untransformed slots in float arithmetic, exactly as before transforms existed (trained models stay bit-identical).
            result[i] = Scale[j] == 0 ? 0f
                : Transforms[j] == SlotTransform.None ? (table.Values[i] - Mean[j]) / Scale[j]
                : (float)((Forward(j, table.Values[i]) - Mean[j]) / Scale[j]);
        }
        Whitening?.Whiten(result);
        return result;
    }

    /// <summary>Maps generated rows (row-major, scaled units) back to the user's units in place; constant slots get their value exactly.</summary>
    public void InverseTransformInPlace(Span<float> rows)
    {
        Whitening?.Unwhiten(rows);
        for (int i = 0; i < rows.Length; i++)
        {
            int j = i % Size;
            rows[i] = Scale[j] == 0 ? Mean[j] : rows[i] * Scale[j] + Mean[j];
            if (Transforms[j] == SlotTransform.Log)
                rows[i] = MathF.Exp(rows[i]); // a float overflow gives +Infinity, which the divergence guard reports
            else if (Transforms[j] == SlotTransform.Quantile)
                rows[i] = (float)(Calibrations[j] is { } calibration ? Quantiles[j]!.ValueAt(calibration.Rank(rows[i])) : Quantiles[j]!.Inverse(rows[i]));
        }
    }
}
