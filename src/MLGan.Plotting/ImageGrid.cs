using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace MLGan.Plotting;

/// <summary>A grid of images as a PNG, drawn with SkiaSharp: vector columns with image dimensions, or MLImage columns.</summary>
internal static class ImageGrid
{
    /// <summary>Images as planar byte planes (1 grey or 3 R, G, B), all of one size.</summary>
    internal sealed record Tiles(int Channels, int Height, int Width, byte[][] Planes);

    public static void Save(IDataView images, string path, ImageGridOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var tiles = Read(images, options);
        int count = tiles.Planes.Length, columns = Math.Min(options.Columns, count), rows = (count + columns - 1) / columns;
        int tileWidth = tiles.Width * options.Scale, tileHeight = tiles.Height * options.Scale;
        long width = (long)columns * tileWidth + (columns + 1L) * options.Padding, height = (long)rows * tileHeight + (rows + 1L) * options.Padding;
        if (width > PngOutput.MaxSide || height > PngOutput.MaxSide)
            throw new ArgumentException(
                $"The grid would be {width} x {height} pixels, above {PngOutput.MaxSide} per side: lower Scale, Columns or MaxImages.", nameof(options));

        using var bitmap = new SKBitmap(new SKImageInfo((int)width, (int)height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        for (long at = 0; at < pixels.Length; at += 4)
            (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = ((byte)128, (byte)128, (byte)128, (byte)255); // grey padding
        int area = tiles.Height * tiles.Width;
        for (int t = 0; t < count; t++)
        {
            var plane = tiles.Planes[t];
            long left = options.Padding + (t % columns) * (long)(tileWidth + options.Padding);
            long top = options.Padding + (t / columns) * (long)(tileHeight + options.Padding);
            for (int y = 0; y < tileHeight; y++)
                for (int x = 0; x < tileWidth; x++)
                {
                    int source = (y / options.Scale) * tiles.Width + x / options.Scale;
                    long at = ((top + y) * width + left + x) * 4;
                    pixels[at] = plane[source];
                    pixels[at + 1] = tiles.Channels == 3 ? plane[area + source] : plane[source];
                    pixels[at + 2] = tiles.Channels == 3 ? plane[2 * area + source] : plane[source];
                    pixels[at + 3] = 255;
                }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        using var file = File.Create(path);
        if (!bitmap.Encode(file, SKEncodedImageFormat.Png, 100))
            throw new IOException($"SkiaSharp could not encode the grid as a PNG at {path}.");
    }

    /// <summary>The first <see cref="ImageGridOptions.MaxImages"/> images of the column, checked and converted to byte planes.</summary>
    internal static Tiles Read(IDataView images, ImageGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PlotData.RequireInRange(options.Columns, 1, 1_000, nameof(options.Columns));
        PlotData.RequireInRange(options.MaxImages, 1, 10_000, nameof(options.MaxImages));
        PlotData.RequireInRange(options.Scale, 1, 16, nameof(options.Scale));
        PlotData.RequireInRange(options.Padding, 0, 64, nameof(options.Padding));
        var column = PlotData.Column(images, options.ColumnName, "image data");
        return column.Type is ImageDataViewType ? FromImages(images, column, options.MaxImages) : FromVectors(images, column, options);
    }

    private static Tiles FromImages(IDataView data, DataViewSchema.Column column, int maxImages)
    {
        var planes = new List<byte[]>();
        int height = 0, width = 0;
        foreach (var image in data.GetColumn<MLImage>(column).Take(maxImages))
        {
            using (image)
            {
                if (image is null)
                    throw new ArgumentException($"Row {planes.Count} of column '{column.Name}' holds no image.", nameof(data));
                if (planes.Count == 0)
                    (height, width) = (image.Height, image.Width);
                else if (image.Height != height || image.Width != width)
                    throw new ArgumentException(
                        $"Row {planes.Count} of column '{column.Name}' is {image.Width}x{image.Height} and row 0 {width}x{height}: a grid takes images of one size " +
                        $"(resize them first: mlContext.Transforms.ResizeImages(\"{column.Name}\", {width}, {height})).", nameof(data));
                var pixels = image.Pixels;
                int area = height * width, red = image.PixelFormat == MLPixelFormat.Bgra32 ? 2 : 0, blue = 2 - red;
                var plane = new byte[3 * area];
                for (int p = 0; p < area; p++)
                {
                    plane[p] = pixels[4 * p + red];
                    plane[area + p] = pixels[4 * p + 1];
                    plane[2 * area + p] = pixels[4 * p + blue];
                }
                planes.Add(plane);
            }
        }
        if (planes.Count == 0)
            throw new ArgumentException("The image data has no rows to draw.", nameof(data));
        return new Tiles(3, height, width, planes.ToArray());
    }

    private static Tiles FromVectors(IDataView data, DataViewSchema.Column column, ImageGridOptions options)
    {
        var dimensions = column.Type is VectorDataViewType vector ? vector.Dimensions.ToArray() : Array.Empty<int>();
        var shape = Shape(dimensions) ?? throw new ArgumentException(
            $"Column '{column.Name}' is {column.Type}; an image grid takes MLImage values or a vector of Single with dimensions (C, H, W), (H, W, C) or (H, W), C = 1 or 3 " +
            "(e.g. new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28)).", nameof(data));
        var rows = PlotData.ReadVectors(data, column.Name, "image data", options.MaxImages);
        var (black, white) = options.PixelRange ?? InferRange(rows);
        if (!float.IsFinite(black) || !float.IsFinite(white) || white <= black)
            throw new ArgumentException($"PixelRange ({black}, {white}) must be finite with White above Black.", nameof(options));
        int area = shape.Height * shape.Width;
        var planes = rows.Select(row =>
        {
            var plane = new byte[shape.Channels * area];
            for (int c = 0; c < shape.Channels; c++)
                for (int p = 0; p < area; p++)
                {
                    float value = shape.Interleaved ? row[p * shape.Channels + c] : row[c * area + p];
                    plane[c * area + p] = (byte)Math.Clamp(MathF.Round((value - black) / (white - black) * 255), 0, 255);
                }
            return plane;
        }).ToArray();
        return new Tiles(shape.Channels, shape.Height, shape.Width, planes);
    }

    /// <summary>The image layout a vector declares (the rule MLGan's own image columns follow: channels ≤ 4, sides above 4).</summary>
    private static (int Channels, int Height, int Width, bool Interleaved)? Shape(int[] d) => d switch
    {
        [1 or 3, > 4, > 4] => (d[0], d[1], d[2], false),
        [> 4, > 4, 1 or 3] => (d[2], d[0], d[1], true),
        [> 4, > 4] => (1, d[0], d[1], false),
        _ => null,
    };

    private static (float, float) InferRange(float[][] rows)
    {
        float min = rows.Min(r => r.Min()), max = rows.Max(r => r.Max());
        if (min >= 0 && max <= 1)
            return (0, 1);
        if (min >= 0 && max <= 255)
            return (0, 255);
        return max > min ? (min, max) : (min, min + 1);
    }
}
