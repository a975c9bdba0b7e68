using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLGan.Data;

/// <summary>
/// <see cref="MLImage"/> values to planar pixels and back, laid out as ML.NET's <c>ExtractPixels</c> lays them out by
/// default (planes R, G, B; values 0 to 255), or one grey plane when every image of a column is grey (R = G = B).
/// </summary>
internal static class ImagePixels
{
    /// <summary>Whether a column holds images (<c>LoadImages</c>, <c>ResizeImages</c>, <c>ConvertToImage</c>).</summary>
    public static bool IsImage(DataViewType type) => type is ImageDataViewType;

    /// <summary>
    /// The advice for an image column of unknown size: every image must have the same size, which
    /// <c>ResizeImages</c> gives (and declares in the column's type).
    /// </summary>
    public static string SizeAdvice(string column) =>
        $"Resize them first, e.g. mlContext.Transforms.ResizeImages(\"{column}\", 64, 64) (DCGAN takes 28x28, 32x32 or 64x64 images).";

    /// <summary>Whether every pixel of <paramref name="image"/> is grey.</summary>
    public static bool IsGrey(MLImage image)
    {
        var pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i += 4)
        {
            if (pixels[i] != pixels[i + 1] || pixels[i] != pixels[i + 2])
                return false;
        }
        return true;
    }

    /// <summary>Writes <paramref name="image"/>'s pixels as <paramref name="channels"/> planes (1: grey, 3: R, G, B), values 0 to 255.</summary>
    public static void ToPlanar(MLImage image, int channels, Span<float> destination)
    {
        var pixels = image.Pixels;
        int area = image.Width * image.Height;
        // Bgra32 holds B, G, R, A per pixel; Rgba32 R, G, B, A.
        int red = image.PixelFormat == MLPixelFormat.Bgra32 ? 2 : 0, blue = 2 - red;
        for (int p = 0; p < area; p++)
        {
            destination[p] = pixels[4 * p + red];
            if (channels == 3)
            {
                destination[area + p] = pixels[4 * p + 1];
                destination[2 * area + p] = pixels[4 * p + blue];
            }
        }
    }

    /// <summary>An opaque image from planar pixels (1 grey or 3 R, G, B planes of values 0 to 255, rounded and clamped).</summary>
    public static MLImage FromPlanar(ReadOnlySpan<float> planar, ImageShape shape)
    {
        int area = shape.Height * shape.Width;
        var bgra = new byte[area * 4];
        static byte Byte(float value) => (byte)Math.Clamp(MathF.Round(value), 0, 255);
        for (int p = 0; p < area; p++)
        {
            byte r = Byte(planar[p]);
            bgra[4 * p + 2] = r;
            bgra[4 * p + 1] = shape.Channels == 3 ? Byte(planar[area + p]) : r;
            bgra[4 * p] = shape.Channels == 3 ? Byte(planar[2 * area + p]) : r;
            bgra[4 * p + 3] = 255;
        }
        return MLImage.CreateFromPixels(shape.Width, shape.Height, MLPixelFormat.Bgra32, bgra);
    }
}
