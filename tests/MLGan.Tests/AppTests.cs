using System.Reflection;

namespace MLGan.Tests;

/// <summary>
/// Every file-based app in examples/apps runs to completion with `dotnet run &lt;file&gt;.cs &lt;steps&gt;` (few steps), from a
/// folder outside the repository, and writes its plots.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize] // each app builds and trains: one at a time
public sealed class AppTests
{
    [TestMethod]
    [DataRow("quickstart.cs", "quickstart/ring.png")]
    [DataRow("collapse-lab.cs", "collapse-lab/mlgan-defaults.png")]
    [DataRow("mnist-digits.cs", "mnist-digits/digits.png")]
    public void App_RunsAndWritesItsPlots(string app, string plot)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-app-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var run = ChildProcess.Run("dotnet", new[] { "run", Path.Combine(BuildPaths.RepoRoot, "examples", "apps", app), "100" }, folder, timeoutSeconds: 600);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var png = Path.Combine(folder, "artifacts", "apps", plot);
            Assert.IsTrue(File.Exists(png) && new FileInfo(png).Length > 5_000, $"{app} did not write {plot}:\n{run}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void EveryAppIsTested()
    {
        var apps = Directory.GetFiles(Path.Combine(BuildPaths.RepoRoot, "examples", "apps"), "*.cs").Select(Path.GetFileName).Order().ToArray();
        var tested = typeof(AppTests).GetMethod(nameof(App_RunsAndWritesItsPlots))!.GetCustomAttributes<DataRowAttribute>()
            .Select(row => (string)row.Data[0]!).Order().ToArray();
        CollectionAssert.AreEqual(apps, tested, "add a DataRow for each app in examples/apps");
    }
}
