namespace MLGan.Data;

/// <summary>
/// Per-slot standardization, after an optional per-slot transform (<see cref="SlotTransform"/>: the logarithm of a
/// positive heavy-tailed slot): networks train on (t(x) - mean) / scale and generated rows are mapped back to the
/// user's units (t⁻¹(y · scale + mean)).
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
    /// <param name="transforms">Per slot, <see cref="SlotTransform.None"/> or <see cref="SlotTransform.Log"/>; none when null.</param>
    public FeatureScaler(float[] mean, float[] scale, int[]? dimensions = null, SlotTransform[]? transforms = null)
    {
        if (mean.Length != scale.Length || (transforms is not null && transforms.Length != mean.Length))
            throw new ArgumentException("mean, scale and transforms must have the same length");
        if (transforms is not null && transforms.Any(t => t is not (SlotTransform.None or SlotTransform.Log)))
            throw new ArgumentException("a slot's transform is None or Log");
        if (dimensions is not null && dimensions.Aggregate(1L, (a, b) => a * b) != mean.Length)
            throw new ArgumentException("the dimensions do not multiply to the slot count");
        Mean = mean;
        Scale = scale;
        Dimensions = dimensions ?? new[] { mean.Length };
        Transforms = transforms ?? Enumerable.Repeat(SlotTransform.None, mean.Length).ToArray();
    }

    /// <summary>Per slot: <see cref="SlotTransform.None"/> or <see cref="SlotTransform.Log"/> (in the statistics' space).</summary>
    public SlotTransform[] Transforms { get; }

    public float[] Mean { get; }

    /// <summary>Standard deviation per slot; 0 for a constant slot.</summary>
    public float[] Scale { get; }

    public int Size => Mean.Length;

    public string Kind => TypeTag;

    public long[] EncodedShape => new long[] { Size };

    public int[] Dimensions { get; }

    public (float Low, float High)? Bounds => null;

    public double RangeValue(int slot, double value) => Forward(Transforms[slot], value);

    public IScoringSpace ScoringSpace => UserUnits.Instance;

    public float[] Encode(FeatureTable table) => Transform(table);

    public void DecodeInPlace(Span<float> rows) => InverseTransformInPlace(rows);

    /// <summary>
    /// The scaler of <paramref name="table"/>: each slot's transform (<paramref name="mode"/>; Auto chooses per slot), then the
    /// mean and standard deviation of the transformed values. A constant slot is never transformed.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="SlotTransform.Log"/> with a value that is not positive (the message names the slot).</exception>
    public static FeatureScaler Fit(FeatureTable table, SlotTransform mode = SlotTransform.None)
    {
        int size = table.Size;
        var transforms = new SlotTransform[size];
        var slot = new double[table.Rows];
        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < table.Rows; i++)
                slot[i] = table.Values[i * size + j];
            transforms[j] = Choose(slot, mode, j);
        }
        var transformed = new double[table.Values.Length];
        for (int i = 0; i < transformed.Length; i++)
            transformed[i] = Forward(transforms[i % size], table.Values[i]);

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
        return new FeatureScaler(mean.Select(m => (float)m).ToArray(), scale, table.Dimensions, transforms);
    }

    /// <summary>Sample skewness above which Auto takes the log of a positive slot.</summary>
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
                    "Use SlotTransform.Auto (the log only where every value is positive and the slot is heavy-tailed) or None.", "SlotTransform");
            case SlotTransform.Log:
                return constant ? SlotTransform.None : SlotTransform.Log;
            case SlotTransform.Auto when positive && !constant && values.Length >= 3:
                double skewness = MathNet.Numerics.Statistics.Statistics.Skewness(values);
                double logSkewness = MathNet.Numerics.Statistics.Statistics.Skewness(values.Select(v => Math.Log(v)));
                return skewness > HeavyTailSkewness && Math.Abs(logSkewness) < skewness ? SlotTransform.Log : SlotTransform.None;
            default:
                return SlotTransform.None;
        }
    }

    private static double Forward(SlotTransform transform, double value) => transform == SlotTransform.Log ? Math.Log(value) : value;

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
                : (float)((Math.Log(table.Values[i]) - Mean[j]) / Scale[j]);
        }
        return result;
    }

    /// <summary>Maps generated rows (row-major, scaled units) back to the user's units in place; constant slots get their value exactly.</summary>
    public void InverseTransformInPlace(Span<float> rows)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            int j = i % Size;
            rows[i] = Scale[j] == 0 ? Mean[j] : rows[i] * Scale[j] + Mean[j];
            if (Transforms[j] == SlotTransform.Log)
                rows[i] = MathF.Exp(rows[i]); // a float overflow gives +Infinity, which the divergence guard reports
        }
    }
}
