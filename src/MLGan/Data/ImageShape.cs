namespace MLGan.Data;

/// <summary>
/// The shape of an image column: channels, height and width, as ML.NET's <c>ExtractPixels</c> declares a pixel vector's
/// dimensions (planar, <c>(C, H, W)</c>), or <c>(H, W)</c> for one channel.
/// </summary>
internal sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Image sides the DCGAN networks are laid out for (<see cref="Networks.Convolutional.DcganLayout"/>).</summary>
    public static readonly IReadOnlyList<int> DcganSides = new[] { 28, 32, 64 };

    /// <summary>Most channels of an image (RGB with alpha).</summary>
    public const int MaxChannels = 4;

    /// <summary>Longest side a model file may declare (a bound for files).</summary>
    public const int MaxSide = 1 << 14;

    /// <summary>Values per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The dimensions of the pixel vector: <c>(C, H, W)</c>.</summary>
    public int[] Dimensions => new[] { Channels, Height, Width };

    /// <summary>Whether the DCGAN networks can generate images of this shape: square, a supported side, 1 to 4 channels.</summary>
    public bool FitsDcgan => Height == Width && DcganSides.Contains(Height) && Channels is >= 1 and <= MaxChannels;

    /// <summary>
    /// The image shape a vector column declares: dimensions <c>(C, H, W)</c> with C ≤ 4, or <c>(H, W)</c>; null for a
    /// plain vector (one dimension) or other layouts, e.g. interleaved <c>(H, W, C)</c>.
    /// </summary>
    public static ImageShape? Of(IReadOnlyList<int> d)
    {
        if (d.Count == 3 && d[0] is >= 1 and <= MaxChannels && d[1] > MaxChannels && d[2] > MaxChannels)
            return new ImageShape(d[0], d[1], d[2]);
        if (d.Count == 2 && d[0] > MaxChannels && d[1] > MaxChannels)
            return new ImageShape(1, d[0], d[1]);
        return null;
    }

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
