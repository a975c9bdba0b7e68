using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace MLGan.Plotting;

/// <summary>Curves over training from a <see cref="GanTransformer.TrainingHistory"/>: losses, and the collapse monitor's metrics.</summary>
internal static class TrainingPlots
{
    public static PlotModel Losses(IReadOnlyList<GanProgress> history)
    {
        var reports = Checked(history);
        var model = PngOutput.NewModel("Losses over training", $"{reports.Count} reports, {reports[^1].Step:N0} steps");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "step" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "loss (mean since the previous report)" });
        model.Legends.Add(PngOutput.LegendBelow());
        model.Series.Add(Line("discriminator (critic)", reports.Select(r => new DataPoint(r.Step, r.DiscriminatorLoss)), OxyColor.FromRgb(31, 119, 180)));
        model.Series.Add(Line("generator", reports.Select(r => new DataPoint(r.Step, r.GeneratorLoss)), OxyColor.FromRgb(214, 39, 40)));
        return model;
    }

    public static PlotModel Diversity(IReadOnlyList<GanProgress> history)
    {
        var checks = Checked(history).Where(r => r.Diversity is not null).ToList();
        if (checks.Count == 0)
            throw new ArgumentException(
                "The training history holds no collapse-monitor checks: train with the monitor on (GanOptions.Monitor, on by default; " +
                "a model trained with Monitor = null has none).", nameof(history));
        var model = PngOutput.NewModel("Collapse monitor over training",
            $"{checks.Count} checks; {checks.Count(c => c.Diversity!.IsCollapsed)} judged collapsed (marked at the top)");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "step" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "share", Minimum = 0, Maximum = 1.08 });
        model.Legends.Add(PngOutput.LegendBelow());

        var palette = OxyPalettes.HueDistinct(5).Colors;
        void Add(string title, Func<DiversityMetrics, double> value, int colour) =>
            model.Series.Add(Line(title, checks.Select(c => new DataPoint(c.Step, value(c.Diversity!))), palette[colour]));
        if (checks.Any(c => c.Diversity!.TotalModes > 0))
            Add("modes captured (share)", d => d.TotalModes > 0 ? (double)d.ModesCaptured / d.TotalModes : double.NaN, 0);
        Add("high-quality share", d => d.HighQualityShare, 1);
        Add("precision", d => d.Precision, 2);
        Add("recall", d => d.Recall, 3);
        Add("coverage", d => d.Coverage, 4);
        model.Series.Add(new ScatterSeries
        {
            Title = "judged collapsed",
            MarkerType = MarkerType.Cross,
            MarkerSize = 5,
            MarkerStroke = OxyColors.Red,
            MarkerStrokeThickness = 2,
            ItemsSource = checks.Where(c => c.Diversity!.IsCollapsed).Select(c => new ScatterPoint(c.Step, 1.04)).ToArray(),
        });
        return model;
    }

    private static IReadOnlyList<GanProgress> Checked(IReadOnlyList<GanProgress> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
            throw new ArgumentException("The training history is empty: there is nothing to plot (Run.ReportInterval sets how often training reports).", nameof(history));
        return history;
    }

    private static LineSeries Line(string title, IEnumerable<DataPoint> points, OxyColor colour) => new()
    {
        Title = title,
        Color = colour,
        StrokeThickness = 1.8,
        MarkerType = MarkerType.Circle,
        MarkerSize = 2.5,
        MarkerFill = colour,
        ItemsSource = points.ToArray(),
    };
}
