namespace MLGan.Data;

/// <summary>
/// Per-slot standardization: networks train on (x - mean) / scale and generated rows are mapped back
/// to the user's units.
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
    public FeatureScaler(float[] mean, float[] scale, int[]? dimensions = null)
    {
        if (mean.Length != scale.Length)
            throw new ArgumentException("mean and scale must have the same length");
        if (dimensions is not null && dimensions.Aggregate(1L, (a, b) => a * b) != mean.Length)
            throw new ArgumentException("the dimensions do not multiply to the slot count");
        Mean = mean;
        Scale = scale;
        Dimensions = dimensions ?? new[] { mean.Length };
    }

    public float[] Mean { get; }

    /// <summary>Standard deviation per slot; 0 for a constant slot.</summary>
    public float[] Scale { get; }

    public int Size => Mean.Length;

    public string Kind => TypeTag;

    public long[] EncodedShape => new long[] { Size };

    public int[] Dimensions { get; }

    public (float Low, float High)? Bounds => null;

    public IScoringSpace ScoringSpace => UserUnits.Instance;

    public float[] Encode(FeatureTable table) => Transform(table);

    public void DecodeInPlace(Span<float> rows) => InverseTransformInPlace(rows);

    public static FeatureScaler Fit(FeatureTable table)
    {
        int size = table.Size;
        var sum = new double[size];
        var first = table.Row(0).ToArray();
        var constant = Enumerable.Repeat(true, size).ToArray();
        for (int i = 0; i < table.Rows; i++)
        {
            var row = table.Row(i);
            for (int j = 0; j < size; j++)
            {
                sum[j] += row[j];
                constant[j] &= row[j] == first[j];
            }
        }
        var mean = new double[size];
        for (int j = 0; j < size; j++)
            mean[j] = constant[j] ? first[j] : sum[j] / table.Rows;
        var sumSquares = new double[size];
        for (int i = 0; i < table.Rows; i++)
        {
            var row = table.Row(i);
            for (int j = 0; j < size; j++)
            {
                double deviation = row[j] - mean[j];
                sumSquares[j] += deviation * deviation;
            }
        }
        var scale = new float[size];
        for (int j = 0; j < size; j++)
        {
            // A slot with any spread keeps it; the smallest positive float stands in for a spread below float's range.
            scale[j] = constant[j] ? 0f : Math.Max((float)Math.Sqrt(sumSquares[j] / table.Rows), float.Epsilon);
        }
        return new FeatureScaler(mean.Select(m => (float)m).ToArray(), scale, table.Dimensions);
    }

    /// <summary>Scaled copy of a row-major table (0 in constant slots).</summary>
    public float[] Transform(FeatureTable table)
    {
        var result = new float[table.Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int j = i % Size;
            result[i] = Scale[j] == 0 ? 0f : (table.Values[i] - Mean[j]) / Scale[j];
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
        }
    }
}
