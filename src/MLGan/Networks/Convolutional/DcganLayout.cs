using MLGan.Data;
using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks.Convolutional;

/// <summary>
/// The layer plan shared by the DCGAN generator and discriminator (Radford et al. 2016): a square image of side S is
/// reached from a small start map (7x7 for 28, 4x4 for 32 and 64) by <see cref="Levels"/> stride-2 steps of 4x4 kernels
/// with padding 1, each doubling (generator) or halving (discriminator) the side, with channels halving towards the image
/// (<c>width · 2^(levels-1-i)</c> at level i from the start map).
/// </summary>
internal static class DcganLayout
{
    public const int Kernel = 4;

    /// <summary>Stride-2 steps between the start map and an image of side <paramref name="side"/>.</summary>
    public static int Levels(int side) => side switch
    {
        28 => 2,
        32 => 3,
        64 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, $"DCGAN networks generate images of side {string.Join(", ", ImageShape.DcganSides)}"),
    };

    /// <summary>Side of the start map (the generator's first, the discriminator's last feature map).</summary>
    public static int StartSide(int side) => side >> Levels(side);

    /// <summary>Channels of the feature map at level <paramref name="level"/> (0: the start map).</summary>
    public static long Channels(int width, int levels, int level) => (long)width << (levels - 1 - level);

    /// <summary>Parameters of a 4x4 convolution (or transposed convolution) with bias.</summary>
    public static double ConvolutionParameters(double input, double output) => input * output * Kernel * Kernel + output;

    /// <summary>Parameters of a normalization over a <paramref name="channels"/> x side x side map.</summary>
    public static double NormalizationParameters(GanNormalization normalization, double channels, double side) => normalization switch
    {
        GanNormalization.BatchNorm => 2 * channels,
        GanNormalization.LayerNorm => 2 * channels * side * side,
        _ => 0,
    };

    /// <summary>The normalization module for a <paramref name="channels"/> x side x side map, or null.</summary>
    public static nn.Module<Tensor, Tensor>? Normalization(GanNormalization normalization, long channels, long side) => normalization switch
    {
        GanNormalization.BatchNorm => BatchNorm.TwoD(channels),
        GanNormalization.LayerNorm => nn.LayerNorm(new[] { channels, side, side }),
        _ => null,
    };

    /// <summary>
    /// Reads an image shape written as <c>int32 C, H, W</c>, bounded so a damaged file cannot ask for a huge network: a
    /// DCGAN side, and up to 4 channels plus a conditional network's embedding planes.
    /// </summary>
    public static ImageShape ReadImage(BinaryReader reader)
    {
        var image = new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (!(image with { Channels = 1 }).FitsDcgan || image.Channels is < 1 or > ImageShape.MaxChannels + ConditionalSpec.MaxEmbedding)
            throw new InvalidDataException($"a DCGAN network cannot have the image shape {image}");
        return image;
    }

    public static void WriteImage(BinaryWriter writer, ImageShape image)
    {
        writer.Write(image.Channels);
        writer.Write(image.Height);
        writer.Write(image.Width);
    }

    /// <summary>Most channels of a DCGAN width (GanOptions.Networks.Convolutional), also a bound for files.</summary>
    public const int MaxWidth = 4096;
}
