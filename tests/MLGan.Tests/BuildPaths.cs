using System.Reflection;

namespace MLGan.Tests;

/// <summary>Paths the test project's build records in its assembly (AssemblyMetadata in MLGan.Tests.csproj).</summary>
internal static class BuildPaths
{
    /// <summary>The repository's root folder, with a trailing separator.</summary>
    public static string RepoRoot => Get("RepoRoot");

    /// <summary>The built QuickStart example (its 'generate' mode loads a model in another process).</summary>
    public static string QuickStart => Get("QuickStartPath");

    /// <summary>The built mlgan command-line tool.</summary>
    public static string Cli => Get("CliPath");

    private static string Get(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
