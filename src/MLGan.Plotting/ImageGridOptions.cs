namespace MLGan.Plotting;

/// <summary>Options of <see cref="GanPlotCatalog.ImageGrid"/>: images side by side in one PNG.</summary>
public sealed class ImageGridOptions
{
    /// <summary>
    /// The image column: an <c>MLImage</c> column (LoadImages, ResizeImages, a GAN trained on images), or a known-size
    /// vector of Single with image dimensions <c>(C, H, W)</c>, <c>(H, W, C)</c> or <c>(H, W)</c> with C = 1 (grey) or
    /// 3 (R, G, B), as ExtractPixels and MLGan's generators give them. Default "Features".
    /// </summary>
    public string ColumnName = "Features";

    /// <summary>Images per row of the grid. Default 10; 1 to 1,000.</summary>
    public int Columns = 10;

    /// <summary>At most this many images are drawn (the first ones). Default 100; 1 to 10,000.</summary>
    public int MaxImages = 100;

    /// <summary>Each pixel becomes a square of this many pixels. Default 2; 1 to 16.</summary>
    public int Scale = 2;

    /// <summary>Grey pixels between images. Default 2; 0 to 64.</summary>
    public int Padding = 2;

    /// <summary>
    /// The pixel values shown as black and white (vector columns only; MLImage pixels are 0 to 255). Null: [0, 1] when
    /// every value lies there, else [0, 255] when every value lies there, else the values' own minimum and maximum.
    /// Values outside are clamped.
    /// </summary>
    public (float Black, float White)? PixelRange;
}
