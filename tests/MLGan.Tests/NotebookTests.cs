using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Plotting;

namespace MLGan.Tests;

/// <summary>
/// Every notebook in examples/notebooks runs cell by cell, in order, as one C# script session (Roslyn scripting: the
/// .NET Interactive kernel package is deprecated and in beta, so the test uses the compiler's scripting API, whose
/// semantics for top-level statements, variables carried across cells and a trailing expression match the kernel's).
/// The notebooks' <c>#r "nuget: ..."</c> lines are resolved by the test: MLGan's assemblies are referenced directly.
/// The training steps are cut (<c>var steps = ...</c>) so that each notebook runs in seconds.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize] // the notebooks write relative to the current directory, which the test sets
public sealed class NotebookTests
{
    private static IEnumerable<string> CodeCells(string notebook)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(notebook));
        return document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(cell => cell.GetProperty("cell_type").GetString() == "code")
            .Select(cell => string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString())))
            .ToList();
    }

    [TestMethod]
    [DataRow("quickstart.ipynb", "ring.png")]
    [DataRow("collapse-lab.ipynb", "mlgan-defaults.png")]
    public async Task Notebook_RunsCellByCell(string name, string plot)
    {
        var options = ScriptOptions.Default
            .AddReferences(typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(VectorTypeAttribute).Assembly,
                typeof(GanTransformer).Assembly, typeof(GanPlotCatalog).Assembly)
            .AddImports("System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks");
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-notebook-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            ScriptState<object>? state = null;
            int index = 0;
            foreach (var cell in CodeCells(Path.Combine(BuildPaths.RepoRoot, "examples", "notebooks", name)))
            {
                index++;
                var lines = cell.Split('\n').Where(line => !line.TrimStart().StartsWith("#r \"nuget:", StringComparison.Ordinal)
                    && !line.TrimStart().StartsWith("#i \"nuget:", StringComparison.Ordinal));
                var code = string.Join('\n', lines.Select(line => line.StartsWith("var steps = ", StringComparison.Ordinal) ? "var steps = 100;" : line));
                try
                {
                    state = state is null ? await CSharpScript.RunAsync(code, options) : await state.ContinueWithAsync(code, options);
                }
                catch (CompilationErrorException error)
                {
                    Assert.Fail($"{name}, code cell {index} does not compile: {string.Join("; ", error.Diagnostics)}");
                }
                Assert.IsNull(state.Exception, $"{name}, code cell {index}: {state.Exception}");
            }
            Assert.IsTrue(File.Exists(Path.Combine(folder, "artifacts", "notebooks", plot)), $"{name} wrote {plot}");
            if (name == "quickstart.ipynb")
                Assert.AreEqual(true, state!.ReturnValue, "the notebook's last cell: the plot exists");
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void EveryNotebookIsTested()
    {
        var notebooks = Directory.GetFiles(Path.Combine(BuildPaths.RepoRoot, "examples", "notebooks"), "*.ipynb").Select(Path.GetFileName).Order().ToArray();
        var tested = typeof(NotebookTests).GetMethod(nameof(Notebook_RunsCellByCell))!.GetCustomAttributes<DataRowAttribute>()
            .Select(row => (string)row.Data[0]!).Order().ToArray();
        CollectionAssert.AreEqual(notebooks, tested, "add a DataRow for each notebook in examples/notebooks");
    }
}
