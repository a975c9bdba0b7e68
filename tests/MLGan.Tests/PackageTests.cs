using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace MLGan.Tests;

/// <summary>
/// The NuGet packages as a user gets them: packed from this checkout with a test-only version into a local
/// folder feed, checked for what they must carry, and used by a fresh console app outside the repository
/// (none of the repository's build files apply there) that trains, saves, loads, generates and plots.
/// </summary>
[TestClass]
[TestCategory("Long")]
public sealed class PackageTests
{
    private static readonly string Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    private static string _work = "";
    private static string Feed => Path.Combine(_work, "feed");

    [ClassInitialize]
    public static void Pack(TestContext _)
    {
        _work = Path.Combine(Path.GetTempPath(), $"mlgan-package-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Feed);
        // Release, so that packing never rebuilds the Debug outputs the test run itself uses.
        DotNet(BuildPaths.RepoRoot, "pack", Path.Combine("src", "MLGan.Cpu", "MLGan.Cpu.csproj"), "-c", "Release", "-o", Feed, $"-p:Version={Version}");
        DotNet(BuildPaths.RepoRoot, "pack", Path.Combine("src", "MLGan", "MLGan.csproj"), "-c", "Release", "--no-build", "-o", Feed, $"-p:Version={Version}");
        DotNet(BuildPaths.RepoRoot, "pack", Path.Combine("src", "MLGan.Plotting", "MLGan.Plotting.csproj"), "-c", "Release", "-o", Feed, $"-p:Version={Version}");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        if (_work.Length > 0 && Directory.Exists(_work))
            Directory.Delete(_work, recursive: true);
        // The test-only version must not stay in the machine's package cache.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "mlgan", "mlgan.cpu", "mlgan.plotting" })
        {
            var folder = Path.Combine(cache, id, Version);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            if (Directory.Exists(Path.Combine(cache, id)) && !Directory.EnumerateFileSystemEntries(Path.Combine(cache, id)).Any())
                Directory.Delete(Path.Combine(cache, id));
        }
    }

    [TestMethod]
    public void MLGanPackage_CarriesDocsLicenceReadmeTheNativeFixAndPinnedRanges()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"MLGan.{Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "lib/net10.0/MLGan.dll", "lib/net10.0/MLGan.xml", "PACKAGE.md", "LICENSE",
                     "buildTransitive/MLGan.targets", "buildTransitive/WeakenGlibcxxRequirement.cs",
                 })
            Assert.IsTrue(entries.Contains(expected), $"MLGan package lacks {expected}; it has: {string.Join(", ", entries)}");

        var nuspec = Nuspec(package);
        Assert.AreEqual("PACKAGE.md", Metadata(nuspec, "readme"));
        Assert.AreEqual("MIT", Metadata(nuspec, "license"));
        var dependencies = Dependencies(nuspec);
        Assert.AreEqual("[5.0.1, 5.1.0)", dependencies["Microsoft.ML"]);
        Assert.AreEqual("[5.0.1, 5.1.0)", dependencies["Microsoft.ML.ImageAnalytics"]);
        Assert.AreEqual("[0.107.0]", dependencies["TorchSharp"]);
        Assert.IsFalse(dependencies.Keys.Any(id => id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)),
            "the library package must leave the native backend to the app");

        using var symbols = ZipFile.OpenRead(Path.Combine(Feed, $"MLGan.{Version}.snupkg"));
        Assert.IsTrue(symbols.Entries.Any(e => e.FullName == "lib/net10.0/MLGan.pdb"), "the symbol package lacks MLGan.pdb");
    }

    [TestMethod]
    public void CpuMetaPackage_IsMLGanPlusTheCpuBackendOnly()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"MLGan.Cpu.{Version}.nupkg"));
        Assert.IsFalse(package.Entries.Any(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal)), "MLGan.Cpu ships no code");
        Assert.IsTrue(package.Entries.Any(e => e.FullName == "LICENSE"));
        var dependencies = Dependencies(Nuspec(package));
        CollectionAssert.AreEquivalent(new[] { "MLGan", "libtorch-cpu" }, dependencies.Keys.ToArray());
        Assert.AreEqual(Version, dependencies["MLGan"]);
        Assert.AreEqual("[2.10.0]", dependencies["libtorch-cpu"]);
    }

    [TestMethod]
    public void PlottingPackage_DependsOnMLGanAndOxyPlot_WithSkiaSharp288()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"MLGan.Plotting.{Version}.nupkg"));
        Assert.IsTrue(package.Entries.Any(e => e.FullName == "lib/net10.0/MLGan.Plotting.xml"), "XML docs");
        var dependencies = Dependencies(Nuspec(package));
        Assert.AreEqual(Version, dependencies["MLGan"]);
        Assert.AreEqual("2.2.0", dependencies["OxyPlot.SkiaSharp"]);
        // SkiaSharp 3 would break ImageAnalytics 5.0.1 in the same app (see MLGan.Plotting.csproj).
        Assert.IsTrue(dependencies["SkiaSharp.HarfBuzz"].StartsWith("2.88", StringComparison.Ordinal), dependencies["SkiaSharp.HarfBuzz"]);
    }

    [TestMethod]
    public void FreshAppOutsideTheRepository_TrainsSavesLoadsAndGenerates()
    {
        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(BuildPaths.RepoRoot, "tests", "PackageConsumer", "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLGan.Cpu" Version="{Version}" />
                <PackageReference Include="MLGan.Plotting" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        // The local feed next to the machine's own sources (no <clear/>): the dependencies restore as usual.
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <add key="mlgan-test-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        var build = DotNet(app, "build", "-c", "Release");
        StringAssert.Contains(build.Output, "Build succeeded");
        var run = DotNet(app, "run", "-c", "Release", "--no-build", "--", app);
        StringAssert.Contains(run.Output, "identical after reload: True", run.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(app, "gan.zip")));
        Assert.IsTrue(new FileInfo(Path.Combine(app, "ring.png")).Length > 10_000, "the plot was drawn");
    }

    private static ChildProcess.Result DotNet(string directory, params string[] arguments)
    {
        var result = ChildProcess.Run("dotnet", arguments, directory, timeoutSeconds: 600);
        Assert.AreEqual(0, result.ExitCode, $"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{result}");
        return result;
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    private static string? Metadata(XDocument nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static Dictionary<string, string> Dependencies(XDocument nuspec) =>
        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
}
