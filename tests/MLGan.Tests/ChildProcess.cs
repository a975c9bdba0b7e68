using System.Diagnostics;

namespace MLGan.Tests;

/// <summary>Runs a program to completion with its output captured (read concurrently, so neither pipe can fill and block it).</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    public static Result Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 600,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // A nested 'dotnet build' must not inherit the MSBuild of the 'dotnet test' that started this test host.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Has the QuickStart example generate <paramref name="count"/> rows from a saved model in a fresh process; asserts it succeeded.</summary>
    public static Result GenerateWithQuickStart(string modelPath, int count, IReadOnlyDictionary<string, string> environment)
    {
        var run = Run("dotnet", new[] { "exec", BuildPaths.QuickStart, "generate", modelPath, count.ToString(System.Globalization.CultureInfo.InvariantCulture), "1" },
            timeoutSeconds: 120, environment: environment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run;
    }
}
