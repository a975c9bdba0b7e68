using Microsoft.ML;
using Microsoft.ML.Data;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace MLGan.Plotting;

/// <summary>
/// Real vs generated rows in one picture: 2-value rows as they are, wider rows projected on the real rows' first two
/// principal components (ML.NET's PCA, fitted on the real rows and applied to both sets), one-value rows as two
/// density histograms. Generated points are drawn first and real points on top, smaller and darker, so that neither
/// set hides the other.
/// </summary>
internal static class ComparisonPlot
{
    private const string Projected = "Projected";
    private static readonly OxyColor RealColour = OxyColor.FromAColor(170, OxyColor.FromRgb(40, 40, 40));
    private static readonly OxyColor GeneratedColour = OxyColor.FromAColor(110, OxyColor.FromRgb(220, 40, 40));

    public static PlotModel Build(MLContext mlContext, IDataView real, IDataView generated, ComparisonPlotOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        PlotData.RequireInRange(options.MaxPointsPerSet, 1, 100_000, nameof(options.MaxPointsPerSet));
        var realRows = PlotData.ReadVectors(real, options.RealColumnName, "real data", options.MaxPointsPerSet);
        var generatedRows = PlotData.ReadVectors(generated, options.GeneratedColumnName ?? options.RealColumnName, "generated data", options.MaxPointsPerSet);
        int size = realRows[0].Length;
        if (generatedRows[0].Length != size)
            throw new ArgumentException($"The generated rows hold {generatedRows[0].Length} values and the real rows {size}; a comparison needs rows of one size.", nameof(generated));
        var centres = CheckedCentres(options.ModeCenters, size);

        string subtitle = $"{realRows.Length:N0} real and {generatedRows.Length:N0} generated rows" + (size > 2 ? $" of {size} values" : "");
        if (size == 1)
            return Histograms(realRows, generatedRows, options.Title, subtitle);

        var project = Projection(mlContext, realRows, size, options.Seed);
        var model = PngOutput.NewModel(options.Title, subtitle);
        string axis = size == 2 ? "value " : "principal component (of the real rows) ";
        // Padding keeps the mode labels at the edges inside the picture.
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = axis + "1", MinimumPadding = 0.06, MaximumPadding = 0.1 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = axis + "2", MinimumPadding = 0.06, MaximumPadding = 0.06 });
        model.Legends.Add(PngOutput.LegendBelow());

        // Drawn in order: mode centres, generated points, real points on top.
        var generatedPoints = project(generatedRows);
        if (centres is null)
        {
            model.Series.Add(Points("generated", generatedPoints, GeneratedColour, 2.5));
        }
        else
        {
            int[] nearest = generatedRows.Select(r => Nearest(r, centres)).ToArray();
            AddCentres(model, project(centres), nearest, centres.Length);
            var palette = OxyPalettes.HueDistinct(Math.Max(centres.Length, 2)).Colors;
            for (int m = 0; m < centres.Length; m++)
            {
                var members = generatedPoints.Where((_, i) => nearest[i] == m).ToArray();
                model.Series.Add(Points(m == 0 ? "generated (colour: nearest mode)" : null, members, OxyColor.FromAColor(150, palette[m]), 2.5));
            }
        }
        model.Series.Add(Points("real", project(realRows), RealColour, 1.5));
        return model;
    }

    /// <summary>Marks every centre and labels it "mode: generated rows nearest to it"; an empty mode in red.</summary>
    private static void AddCentres(PlotModel model, ScatterPoint[] centres, int[] nearest, int count)
    {
        var counts = new int[count];
        foreach (int m in nearest)
            counts[m]++;
        model.Series.Add(new ScatterSeries
        {
            Title = "mode centre (label: mode, generated rows nearest)",
            MarkerType = MarkerType.Cross,
            MarkerSize = 6,
            MarkerStroke = OxyColors.Gray,
            MarkerStrokeThickness = 1,
            ItemsSource = centres,
        });
        for (int m = 0; m < count; m++)
        {
            model.Annotations.Add(new TextAnnotation
            {
                Text = $"{m}: {counts[m]}",
                TextPosition = new DataPoint(centres[m].X, centres[m].Y),
                TextColor = counts[m] == 0 ? OxyColors.Red : OxyColors.Black,
                FontWeight = FontWeights.Bold,
                Background = OxyColor.FromAColor(200, OxyColors.White), // readable over dense points
                Layer = AnnotationLayer.AboveSeries,
                StrokeThickness = 0,
                Offset = new ScreenVector(8, -8),
                TextHorizontalAlignment = HorizontalAlignment.Left,
            });
        }
    }

    private static ScatterSeries Points(string? title, ScatterPoint[] points, OxyColor colour, double size) => new()
    {
        Title = title,
        MarkerType = MarkerType.Circle,
        MarkerSize = size,
        MarkerFill = colour,
        MarkerStrokeThickness = 0,
        ItemsSource = points,
    };

    /// <summary>Rows to picture coordinates: the two values, or the first two principal components of the real rows.</summary>
    private static Func<IReadOnlyList<float[]>, ScatterPoint[]> Projection(MLContext mlContext, float[][] realRows, int size, int seed)
    {
        if (size == 2)
            return rows => rows.Select(r => new ScatterPoint(r[0], r[1])).ToArray();
        var pca = mlContext.Transforms.ProjectToPrincipalComponents(Projected, nameof(VectorRow.Features), rank: 2, seed: seed)
            .Fit(View(mlContext, realRows, size));
        return rows => pca.Transform(View(mlContext, rows, size)).GetColumn<float[]>(Projected)
            .Select(p => new ScatterPoint(p[0], p[1])).ToArray();
    }

    private static IDataView View(MLContext mlContext, IReadOnlyList<float[]> rows, int size)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return mlContext.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Features = r }), schema);
    }

    /// <summary>One-value rows: the two sets' density histograms over the same 40 bins.</summary>
    private static PlotModel Histograms(float[][] real, float[][] generated, string title, string subtitle)
    {
        var all = real.Concat(generated).Select(r => (double)r[0]).ToArray();
        double low = all.Min(), high = all.Max();
        if (high <= low)
            high = low + 1;
        var breaks = Enumerable.Range(0, 41).Select(i => low + (high - low) * i / 40).ToArray();
        var binning = new BinningOptions(BinningOutlierMode.CountOutliers, BinningIntervalType.InclusiveLowerBound, BinningExtremeValueMode.IncludeExtremeValues);
        HistogramSeries Series(string name, float[][] rows, OxyColor colour) => new()
        {
            Title = name,
            FillColor = colour,
            StrokeThickness = 0,
            ItemsSource = HistogramHelpers.Collect(rows.Select(r => (double)r[0]), breaks, binning),
        };
        var model = PngOutput.NewModel(title, subtitle + "; density histograms");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "value" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "density", Minimum = 0 });
        model.Legends.Add(PngOutput.LegendBelow());
        model.Series.Add(Series("generated", generated, GeneratedColour));
        model.Series.Add(Series("real", real, OxyColor.FromAColor(110, OxyColors.Black)));
        return model;
    }

    private static float[][]? CheckedCentres(IReadOnlyList<float[]>? centres, int size)
    {
        if (centres is null)
            return null;
        if (centres.Count == 0 || centres.Count > 1_000)
            throw new ArgumentException($"ModeCenters holds {centres.Count} centres; give 1 to 1,000, or null for none.", nameof(centres));
        for (int m = 0; m < centres.Count; m++)
        {
            if (centres[m] is null || centres[m].Length != size || !centres[m].All(float.IsFinite))
                throw new ArgumentException($"Mode centre {m} must hold {size} finite values, as many as a row.", nameof(centres));
        }
        return centres.ToArray();
    }

    private static int Nearest(float[] row, float[][] centres)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int m = 0; m < centres.Length; m++)
        {
            double distance = 0;
            for (int i = 0; i < row.Length; i++)
            {
                double d = row[i] - centres[m][i];
                distance += d * d;
            }
            if (distance < bestDistance)
                (best, bestDistance) = (m, distance);
        }
        return best;
    }

    private sealed class VectorRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
