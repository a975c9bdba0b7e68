using System.Globalization;
using System.Net;
using System.Text;

namespace MLGan.Display;

/// <summary>
/// Rich display in notebooks without a notebook dependency. .NET Interactive (Polyglot Notebooks, Jupyter with the .NET
/// kernel) looks for an attribute named <c>TypeFormatterSourceAttribute</c> on a displayed type, in any namespace, and
/// asks the source it names for formatters by convention: objects with <c>MimeType</c>, <c>Type</c> and
/// <c>Format(object, TextWriter)</c>. MLGan's types so marked show as HTML tables; elsewhere nothing changes.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = { "text/html" };
}

/// <summary>The formatter source named by <see cref="TypeFormatterSourceAttribute"/> on MLGan's reports.</summary>
internal sealed class NotebookFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => new object[]
    {
        new HtmlFormatter(typeof(DiversityMetrics), (o, w) => HtmlReports.Metrics((DiversityMetrics)o, w)),
        new HtmlFormatter(typeof(GanProgress), (o, w) => HtmlReports.History(new[] { (GanProgress)o }, w)),
        new HtmlFormatter(typeof(GanTransformer), (o, w) => HtmlReports.Model((GanTransformer)o, w)),
    };

    /// <summary>One formatter, in the shape the convention expects.</summary>
    internal sealed class HtmlFormatter(Type type, Action<object, TextWriter> write)
    {
        public string MimeType => "text/html";

        public Type Type => type;

        public bool Format(object instance, TextWriter writer)
        {
            if (!type.IsInstanceOfType(instance))
                return false;
            write(instance, writer);
            return true;
        }
    }
}

/// <summary>HTML renderings of MLGan's reports (values HTML-encoded).</summary>
internal static class HtmlReports
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Metrics(DiversityMetrics metrics, TextWriter writer)
    {
        Table(writer, new[] { "metric", "value" }, metrics.ToRows().Select(r => new[] { r.Key, r.Value }));
        if (metrics.Reasons.Count + metrics.Notes.Count > 0)
        {
            writer.Write("<ul>");
            foreach (var reason in metrics.Reasons)
                writer.Write($"<li><b>collapse</b>: {E(reason)}</li>");
            foreach (var note in metrics.Notes)
                writer.Write($"<li>note: {E(note)}</li>");
            writer.Write("</ul>");
        }
    }

    public static void History(IReadOnlyList<GanProgress> history, TextWriter writer) =>
        Table(writer, new[] { "step", "discriminator loss", "generator loss", "|grad G|", "samples/s", "monitor" },
            history.Select(h => new[]
            {
                h.Step.ToString(C), h.DiscriminatorLoss.ToString("0.0000", C), h.GeneratorLoss.ToString("0.0000", C),
                h.GeneratorGradientNorm.ToString("0.000", C), h.SamplesPerSecond.ToString("0", C),
                h.Diversity is null ? "" : $"{h.Diversity.ModesCaptured}/{h.Diversity.TotalModes} modes, recall {h.Diversity.Recall.ToString("0.00", C)}, {(h.Diversity.IsCollapsed ? "COLLAPSED" : "healthy")}",
            }));

    public static void Model(GanTransformer gan, TextWriter writer)
    {
        writer.Write($"<p><b>GAN generator</b>: {E(gan.GeneratorArchitecture)}; {gan.FeatureSize.ToString(C)} values in '{E(gan.OutputColumnName)}'");
        if (gan.Labels is { } labels)
            writer.Write($", conditional on '{E(gan.LabelColumnName ?? "")}' ({labels.Count.ToString(C)} labels)");
        writer.Write("</p>");
        History(gan.TrainingHistory, writer);
        if (gan.LastDiversityCheck is { } last)
        {
            writer.Write("<p>The collapse monitor's last check:</p>");
            Metrics(last, writer);
        }
    }

    private static void Table(TextWriter writer, string[] header, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var cell in header)
            html.Append("<th>").Append(E(cell)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append("<td>").Append(E(cell)).Append("</td>");
            html.Append("</tr>");
        }
        writer.Write(html.Append("</tbody></table>").ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
