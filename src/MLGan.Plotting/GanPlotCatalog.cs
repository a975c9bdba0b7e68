using Microsoft.ML;

namespace MLGan.Plotting;

/// <summary>Entry point of MLGan's plots on an <see cref="MLContext"/>: <c>mlContext.GanPlots()</c>.</summary>
public static class MLContextGanPlotExtensions
{
    /// <summary>PNG plots of real vs generated data and image grids.</summary>
    public static GanPlotCatalog GanPlots(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new GanPlotCatalog(mlContext);
    }

    /// <summary>
    /// Writes the discriminator's and the generator's losses against the training step (one point per progress report)
    /// as a PNG of <paramref name="width"/> x <paramref name="height"/> pixels (64 to 8,192 each). Folders are created.
    /// </summary>
    /// <param name="history">A model's <see cref="GanTransformer.TrainingHistory"/> (or the reports collected from progress).</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static void PlotLosses(this IReadOnlyList<GanProgress> history, string path, int width = 800, int height = 480)
        => PngOutput.Save(TrainingPlots.Losses(history), path, width, height);

    /// <summary>
    /// Writes the collapse monitor's metrics against the training step as a PNG: share of modes captured, high-quality
    /// share, precision, recall and coverage (each 0 to 1), with the checks judged collapsed marked at the top.
    /// </summary>
    /// <param name="history">A model's <see cref="GanTransformer.TrainingHistory"/>.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="width">Picture width in pixels (64 to 8,192).</param>
    /// <param name="height">Picture height in pixels (64 to 8,192).</param>
    /// <exception cref="ArgumentException">The history holds no monitor checks (the model was trained with <c>Monitor = null</c>).</exception>
    public static void PlotDiversity(this IReadOnlyList<GanProgress> history, string path, int width = 800, int height = 480)
        => PngOutput.Save(TrainingPlots.Diversity(history), path, width, height);
}

/// <summary>
/// MLGan's plots (PNG files, drawn with OxyPlot and SkiaSharp): <see cref="Comparison"/> of real and generated rows,
/// <see cref="ImageGrid"/> of images. The training curves are extension methods on a training history:
/// <see cref="MLContextGanPlotExtensions.PlotLosses"/> and <see cref="MLContextGanPlotExtensions.PlotDiversity"/>.
/// Text is drawn with a font of the system (DejaVu Sans on Linux; Debian's fonts-dejavu-core package): on a system
/// without fonts the pictures have no text.
/// </summary>
public sealed class GanPlotCatalog
{
    private readonly MLContext _mlContext;

    internal GanPlotCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>
    /// Writes real and generated rows in one picture: rows of 2 values as points; wider rows projected on the real rows'
    /// first two principal components (ML.NET's PCA, fitted on the real rows, applied to both); rows of one value as
    /// two density histograms. Generated points (red, or coloured by nearest mode with
    /// <see cref="ComparisonPlotOptions.ModeCenters"/>) lie under the real ones (small, dark), so both stay visible.
    /// </summary>
    /// <param name="real">The real data (a known-size vector column of Single).</param>
    /// <param name="generated">Generated rows, e.g. <c>mlContext.Gan().Generate(model, 2_500)</c>.</param>
    /// <param name="path">The PNG file to write (folders are created).</param>
    /// <param name="options">Columns, mode centres, size; defaults when null.</param>
    /// <exception cref="ArgumentException">A column is missing or not a vector of Single, the sets' row sizes differ, a value is not finite, or an option is out of range.</exception>
    public void Comparison(IDataView real, IDataView generated, string path, ComparisonPlotOptions? options = null)
    {
        options ??= new ComparisonPlotOptions();
        PngOutput.Save(ComparisonPlot.Build(_mlContext, real, generated, options), path, options.Width, options.Height);
    }

    /// <summary>
    /// Writes images side by side in a grid (row by row, <see cref="ImageGridOptions.Columns"/> per row) as a PNG; the
    /// sample grid for image GANs.
    /// </summary>
    /// <param name="images">Data with an image column (see <see cref="ImageGridOptions.ColumnName"/>).</param>
    /// <param name="path">The PNG file to write (folders are created).</param>
    /// <param name="options">Column, layout, scale and pixel range; defaults when null.</param>
    /// <exception cref="ArgumentException">The column is missing or not an image layout, images differ in size, a value is not finite, or the grid would exceed 8,192 pixels per side.</exception>
    public void ImageGrid(IDataView images, string path, ImageGridOptions? options = null)
        => Plotting.ImageGrid.Save(images, path, options ?? new ImageGridOptions());
}
