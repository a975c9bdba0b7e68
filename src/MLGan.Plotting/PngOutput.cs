using OxyPlot;
using OxyPlot.Legends;
using OxyPlot.SkiaSharp;

namespace MLGan.Plotting;

/// <summary>Writes OxyPlot models as PNG files, in one style.</summary>
internal static class PngOutput
{
    /// <summary>The smallest and largest side of a plot, in pixels (bounded before anything is allocated).</summary>
    public const int MinSide = 64, MaxSide = 8192;

    /// <summary>A model with MLGan's plot style (a sans-serif font that the platform has; white background).</summary>
    public static PlotModel NewModel(string title, string? subtitle = null) => new()
    {
        Title = title,
        Subtitle = subtitle,
        Background = OxyColors.White,
        // Skia falls back to the system's default face when the family is missing.
        DefaultFont = OperatingSystem.IsWindows() ? "Segoe UI" : OperatingSystem.IsMacOS() ? "Helvetica" : "DejaVu Sans",
        DefaultFontSize = 12,
    };

    /// <summary>A legend under the plot area, so that it never hides data.</summary>
    public static Legend LegendBelow() => new()
    {
        LegendPlacement = LegendPlacement.Outside,
        LegendPosition = LegendPosition.BottomCenter,
        LegendOrientation = LegendOrientation.Horizontal,
        LegendSymbolLength = 24,
    };

    /// <summary>Renders <paramref name="model"/> to <paramref name="path"/> (folders created), <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static void Save(PlotModel model, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        PlotData.RequireInRange(width, MinSide, MaxSide, nameof(width));
        PlotData.RequireInRange(height, MinSide, MaxSide, nameof(height));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        // Text shaping (HarfBuzz) would need another native library; plain text rendering is enough for plot labels.
        var exporter = new PngExporter { Width = width, Height = height, UseTextShaping = false };
        using var file = File.Create(path);
        exporter.Export(model, file);
    }
}
