using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Plotting;
using SkiaSharp;

namespace MLGan.Tests.Plotting;

/// <summary>Image grids from vector columns and from ImageAnalytics' MLImage columns, in one process with ImageAnalytics.</summary>
[TestClass]
public sealed class ImageGridTests
{
    private const int Side = 6;

    /// <summary>Image i: pixel (y, x) of channel c is (10 i + c + (y * Side + x) / 100) / 255 of full scale.</summary>
    private static float Value(int image, int channel, int y, int x) => (10 * image + 60 * channel + (y * Side + x) % 7) / 255f;

    private static float[] Planar(int image, int channels) =>
        Enumerable.Range(0, channels * Side * Side).Select(i => Value(image, i / (Side * Side), i % (Side * Side) / Side, i % Side)).ToArray();

    [TestMethod]
    public void GreyVectors_LandInTheirTiles_ScaledAndPadded()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 5).Select(i => new Grey { Features = Planar(i, 1) });
        using var bitmap = Draw(ml, ml.Data.LoadFromEnumerable(rows), new ImageGridOptions { Columns = 3, Scale = 2, Padding = 1 });

        Assert.AreEqual((3 * 12 + 4, 2 * 12 + 3), (bitmap.Width, bitmap.Height));
        Assert.AreEqual(new SKColor(128, 128, 128), bitmap.GetPixel(0, 0), "padding");
        Assert.AreEqual(new SKColor(128, 128, 128), bitmap.GetPixel(bitmap.Width - 1, bitmap.Height - 1), "the empty sixth tile");
        for (int image = 0; image < 5; image++)
        {
            int left = 1 + image % 3 * 13, top = 1 + image / 3 * 13;
            foreach (var (y, x) in new[] { (0, 0), (2, 5), (5, 3) })
            {
                byte expected = (byte)Math.Round(Value(image, 0, y, x) * 255);
                var pixel = bitmap.GetPixel(left + 2 * x + 1, top + 2 * y + 1);
                Assert.AreEqual(new SKColor(expected, expected, expected), pixel, $"image {image}, pixel ({y}, {x})");
            }
        }
    }

    [TestMethod]
    public void ColourVectors_PlanarAndInterleaved_AndMLImages_DrawTheSamePixels()
    {
        var ml = new MLContext(1);
        var planar = Enumerable.Range(0, 4).Select(i => Planar(i, 3).Select(v => v * 255).ToArray()).ToArray(); // 0-255, as ExtractPixels gives
        var interleaved = planar.Select(p => Enumerable.Range(0, p.Length).Select(i => p[(i % 3) * Side * Side + i / 3]).ToArray()).ToArray();
        var options = new ImageGridOptions { Columns = 2, Scale = 1, Padding = 0 };

        using var fromPlanar = Draw(ml, ml.Data.LoadFromEnumerable(planar.Select(p => new Colour { Features = p })), options);
        using var fromInterleaved = Draw(ml, ml.Data.LoadFromEnumerable(interleaved.Select(p => new ColourInterleaved { Features = p })), options);
        // The same pixels as images through ImageAnalytics: planar R, G, B to MLImage (ConvertToImage).
        var images = ml.Transforms.ConvertToImage(Side, Side, "Image", "Features").Fit(ml.Data.LoadFromEnumerable(planar.Select(p => new Colour { Features = p })));
        using var fromImages = Draw(ml, images.Transform(ml.Data.LoadFromEnumerable(planar.Select(p => new Colour { Features = p }))),
            new ImageGridOptions { ColumnName = "Image", Columns = 2, Scale = 1, Padding = 0 });

        var expected = Pixels(fromPlanar);
        CollectionAssert.AreEqual(expected, Pixels(fromInterleaved));
        CollectionAssert.AreEqual(expected, Pixels(fromImages));
        byte red = (byte)Math.Round(Value(3, 0, 1, 2) * 255), green = (byte)Math.Round(Value(3, 1, 1, 2) * 255), blue = (byte)Math.Round(Value(3, 2, 1, 2) * 255);
        Assert.AreEqual(new SKColor(red, green, blue), fromPlanar.GetPixel(Side + 2, Side + 1), "image 3 sits second in the second row");
    }

    [TestMethod]
    public void BadInputs_GiveClearErrors()
    {
        var ml = new MLContext(1);
        var plots = ml.GanPlots();
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-never-{Guid.NewGuid():N}.png");
        var plain = TestData.Rows(ml, new[] { new[] { 1f, 2f } });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.ImageGrid(plain, path)).Message,
            "an image grid takes MLImage values or a vector of Single with dimensions (C, H, W), (H, W, C) or (H, W)");
        var grey = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new Grey { Features = Planar(i, 1) }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.ImageGrid(grey, path, new ImageGridOptions { Columns = 200, MaxImages = 200, Scale = 16 })).Message,
            "above 8192 per side: lower Scale, Columns or MaxImages");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => plots.ImageGrid(grey, path, new ImageGridOptions { Scale = 0 }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.ImageGrid(grey, path, new ImageGridOptions { PixelRange = (1, 1) })).Message, "White above Black");
        Assert.IsFalse(File.Exists(path));
    }

    private static SKBitmap Draw(MLContext ml, IDataView images, ImageGridOptions options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-grid-{Guid.NewGuid():N}.png");
        try
        {
            ml.GanPlots().ImageGrid(images, path, options);
            return SKBitmap.Decode(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SKColor[] Pixels(SKBitmap bitmap) => bitmap.Pixels;

    private sealed class Grey
    {
        [VectorType(1, Side, Side)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class Colour
    {
        [VectorType(3, Side, Side)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class ColourInterleaved
    {
        [VectorType(Side, Side, 3)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
