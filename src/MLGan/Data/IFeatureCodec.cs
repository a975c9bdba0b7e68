namespace MLGan.Data;

/// <summary>
/// Between the user's column values and the tensors the networks see, invertible and saved with the model. The first
/// kinds are the per-slot standardization of vector columns (<see cref="FeatureScaler"/>, "standardize") and image pixels
/// to [-1, 1] (<see cref="PixelCodec"/>, "pixels"); mixed table columns are the next kind.
/// </summary>
/// <remarks>
/// Where diversity is measured: in the space the codec decodes to (the user's units), through an
/// <see cref="IScoringSpace"/>. For vector columns that space is the identity, so the monitor, the divergence guard and
/// the scoring transformer all compare rows in user units, as before. A codec whose decoded rows are too wide or not
/// comparable by Euclidean distance brings its own scoring space (images: block-averaged pixels, <see cref="PooledPixels"/>,
/// until a learned embedding; mixed tables: encoded categories): the monitor fits its reference and scores its samples
/// there, and the diversity code, which only sees float rows, does not change.
/// </remarks>
internal interface IFeatureCodec
{
    /// <summary>The type tag saved with the codec.</summary>
    string Kind { get; }

    /// <summary>Values per row in the user's column.</summary>
    int Size { get; }

    /// <summary>Shape of one encoded row (what the generator writes and the discriminator reads).</summary>
    long[] EncodedShape { get; }

    /// <summary>Dimensions of the user's column (e.g. <c>(C, H, W)</c> for images): generated rows get the same.</summary>
    int[] Dimensions { get; }

    /// <summary>
    /// Bounds every decoded value lies in (pixels: their range), or null when decoding is unbounded; the divergence guard
    /// then compares generated values with the training data's range per slot.
    /// </summary>
    (float Low, float High)? Bounds { get; }

    /// <summary>
    /// Where the divergence guard measures how far a generated value of <paramref name="slot"/> lies outside the training
    /// data's range: the value itself, or its logarithm in a log-transformed slot (whose tail is legitimately far in user units).
    /// </summary>
    double RangeValue(int slot, double value) => value;

    /// <summary>The encoded rows of <paramref name="table"/>, row-major.</summary>
    float[] Encode(FeatureTable table);

    /// <summary>Maps encoded rows (row-major) back to the user's units, in place.</summary>
    void DecodeInPlace(Span<float> rows);

    /// <summary>Where diversity is measured for this codec's data.</summary>
    IScoringSpace ScoringSpace { get; }
}

/// <summary>Maps decoded rows (user units) to the rows diversity is measured on.</summary>
internal interface IScoringSpace
{
    /// <summary>The scored rows of decoded rows (row-major); may return its input when it is the identity.</summary>
    float[] Project(float[] decodedRows, int decodedSize);
}

/// <summary>Diversity in the user's units: the rows as decoded.</summary>
internal sealed class UserUnits : IScoringSpace
{
    public static readonly UserUnits Instance = new();

    public float[] Project(float[] decodedRows, int decodedSize) => decodedRows;
}
