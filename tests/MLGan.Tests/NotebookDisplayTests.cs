using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.ML;

namespace MLGan.Tests;

/// <summary>
/// MLGan's reports render as HTML through .NET Interactive's formatter (the notebook kernel's), found by convention: MLGan
/// itself references no notebook package.
/// </summary>
[TestClass]
public sealed class NotebookDisplayTests
{
    [TestMethod]
    public void DiversityMetrics_RenderAsAnHtmlTable_WithTheVerdictAndReasons()
    {
        var metrics = new DiversityMetrics { ModesCaptured = 2, TotalModes = 8, Recall = 0.25, Reasons = new[] { "6 of 8 modes <missing>" } };
        string html = metrics.ToDisplayString("text/html");
        StringAssert.Contains(html, "<table><thead><tr><th>metric</th><th>value</th></tr></thead>");
        StringAssert.Contains(html, "<tr><td>modes captured</td><td>2 / 8 (0 missing beyond chance)</td></tr>");
        StringAssert.Contains(html, "<tr><td>verdict</td><td>COLLAPSED</td></tr>");
        StringAssert.Contains(html, "<li><b>collapse</b>: 6 of 8 modes &lt;missing&gt;</li>", "text is HTML-encoded");
    }

    [TestMethod]
    public void TrainedModel_RendersItsArchitectureAndHistory()
    {
        var ml = new MLContext(1);
        using var gan = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 10)).Fit(TestData.Ring(ml, 64));
        string html = gan.ToDisplayString("text/html");
        StringAssert.Contains(html, "<p><b>GAN generator</b>: " + System.Net.WebUtility.HtmlEncode(gan.GeneratorArchitecture));
        StringAssert.Contains(html, "<th>step</th><th>discriminator loss</th>");
        string history = html.Split("<p>The collapse monitor's last check:</p>")[0];
        Assert.AreEqual(gan.TrainingHistory.Count, history.Split("<tr><td>").Length - 1, "one row per report");
        if (gan.LastDiversityCheck is not null)
            StringAssert.Contains(html, "<tr><td>verdict</td>", "then the monitor's last check");
        StringAssert.Contains(gan.TrainingHistory[0].ToDisplayString("text/html"), "<td>5</td>");
    }
}
