namespace MLGan.Data;

/// <summary>
/// The shape of an image column: channels, height and width, as ML.NET's <c>ExtractPixels</c> declares a pixel vector's
/// dimensions: planar <c>(C, H, W)</c> (its default), interleaved <c>(H, W, C)</c> (<c>interleavePixelColors: true</c>),
/// or <c>(H, W)</c> for one channel. The networks always see planar rows; codecs reorder interleaved ones.
/// </summary>
/// <param name="Interleaved">Whether the user's rows hold the channels of a pixel together (<c>(H, W, C)</c>).</param>
internal sealed record ImageShape(int Channels, int Height, int Width, bool Interleaved = false)
{
    /// <summary>Image sides the DCGAN networks are laid out for (<see cref="Networks.Convolutional.DcganLayout"/>).</summary>
    public static readonly IReadOnlyList<int> DcganSides = new[] { 28, 32, 64 };

    /// <summary>Most channels of an image (RGB with alpha).</summary>
    public const int MaxChannels = 4;

    /// <summary>Longest side a model file may declare (a bound for files).</summary>
    public const int MaxSide = 1 << 14;

    /// <summary>Values per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The dimensions of the user's pixel vector: <c>(C, H, W)</c>, or <c>(H, W, C)</c> when interleaved.</summary>
    public int[] Dimensions => Interleaved ? new[] { Height, Width, Channels } : new[] { Channels, Height, Width };

    /// <summary>The same shape, planar: what the networks see.</summary>
    public ImageShape Planar => this with { Interleaved = false };

    /// <summary>Whether the DCGAN networks can generate images of this shape: square, a supported side, 1 to 4 channels.</summary>
    public bool FitsDcgan => Height == Width && DcganSides.Contains(Height) && Channels is >= 1 and <= MaxChannels;

    /// <summary>
    /// The image shape a vector column declares: dimensions <c>(C, H, W)</c> or <c>(H, W, C)</c> with C ≤ 4 and sides
    /// above 4, or <c>(H, W)</c>; null for a plain vector (one dimension) or other layouts.
    /// </summary>
    public static ImageShape? Of(IReadOnlyList<int> d)
    {
        if (d.Count == 3 && d[0] is >= 1 and <= MaxChannels && d[1] > MaxChannels && d[2] > MaxChannels)
            return new ImageShape(d[0], d[1], d[2]);
        if (d.Count == 3 && d[2] is >= 1 and <= MaxChannels && d[0] > MaxChannels && d[1] > MaxChannels)
            return new ImageShape(d[2], d[0], d[1], Interleaved: true);
        if (d.Count == 2 && d[0] > MaxChannels && d[1] > MaxChannels)
            return new ImageShape(1, d[0], d[1]);
        return null;
    }

    /// <summary>Copies one interleaved image (<c>H, W, C</c>) into planar order (<c>C, H, W</c>).</summary>
    public void ToPlanar(ReadOnlySpan<float> interleaved, Span<float> planar)
    {
        int area = Height * Width;
        for (int p = 0; p < area; p++)
            for (int c = 0; c < Channels; c++)
                planar[c * area + p] = interleaved[p * Channels + c];
    }

    /// <summary>Copies one planar image into interleaved order.</summary>
    public void ToInterleaved(ReadOnlySpan<float> planar, Span<float> interleaved)
    {
        int area = Height * Width;
        for (int p = 0; p < area; p++)
            for (int c = 0; c < Channels; c++)
                interleaved[p * Channels + c] = planar[c * area + p];
    }

    /// <summary>Reorders rows of images in place: interleaved to planar, or back.</summary>
    public void Reorder(Span<float> rows, bool toPlanar)
    {
        var image = new float[Size];
        for (int start = 0; start + Size <= rows.Length; start += Size)
        {
            var row = rows.Slice(start, Size);
            if (toPlanar)
                ToPlanar(row, image);
            else
                ToInterleaved(row, image);
            image.CopyTo(row);
        }
    }

    public override string ToString() => $"{Channels}x{Height}x{Width}{(Interleaved ? " (interleaved)" : "")}";
}
