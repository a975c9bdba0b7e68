namespace MLGan.Data;

/// <summary>
/// Per-slot standardization: networks train on (x - mean) / scale and generated rows are mapped back
/// to the user's units. A constant slot gets scale 1, so it is reproduced exactly.
/// </summary>
internal sealed class FeatureScaler
{
    public FeatureScaler(float[] mean, float[] scale)
    {
        if (mean.Length != scale.Length)
            throw new ArgumentException("mean and scale must have the same length");
        Mean = mean;
        Scale = scale;
    }

    public float[] Mean { get; }

    public float[] Scale { get; }

    public int Size => Mean.Length;

    public static FeatureScaler Fit(FeatureTable table)
    {
        int size = table.Size;
        var sum = new double[size];
        var sumSquares = new double[size];
        for (int i = 0; i < table.Rows; i++)
        {
            var row = table.Row(i);
            for (int j = 0; j < size; j++)
                sum[j] += row[j];
        }
        var mean = new double[size];
        for (int j = 0; j < size; j++)
            mean[j] = sum[j] / table.Rows;
        for (int i = 0; i < table.Rows; i++)
        {
            var row = table.Row(i);
            for (int j = 0; j < size; j++)
                sumSquares[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        var scale = new float[size];
        for (int j = 0; j < size; j++)
        {
            double std = Math.Sqrt(sumSquares[j] / table.Rows);
            scale[j] = std > 1e-8 ? (float)std : 1f;
        }
        return new FeatureScaler(mean.Select(m => (float)m).ToArray(), scale);
    }

    /// <summary>Scaled copy of a row-major table.</summary>
    public float[] Transform(FeatureTable table)
    {
        var result = new float[table.Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int j = i % Size;
            result[i] = (table.Values[i] - Mean[j]) / Scale[j];
        }
        return result;
    }

    /// <summary>Maps generated rows (row-major, scaled units) back to the user's units in place.</summary>
    public void InverseTransformInPlace(Span<float> rows)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            int j = i % Size;
            rows[i] = rows[i] * Scale[j] + Mean[j];
        }
    }
}
