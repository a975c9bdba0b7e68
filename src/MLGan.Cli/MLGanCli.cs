using System.CommandLine;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace MLGan.Cli;

/// <summary>
/// The <c>mlgan</c> command line: <c>train</c>, <c>generate</c>, <c>evaluate</c>, <c>info</c>. Every bad argument or
/// file gives one "error: ..." line on standard error and a non-zero exit code (2: the command line does not parse;
/// 1: an argument's value or a file is wrong); <c>evaluate --fail-on-collapse</c> exits with 3 on a collapsed verdict.
/// </summary>
internal static class MLGanCli
{
    public const int UsageErrorExitCode = 2;
    public const int InputErrorExitCode = 1;

    /// <summary>Runs one command line; output goes to <paramref name="output"/> (a live progress bar only when <paramref name="interactive"/>).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
            console.Profile.Width = 160; // redirected output (logs, tests) is not wrapped at 80 columns

        // A plain command named "mlgan" as the root, so help says "mlgan" (a RootCommand takes the assembly's name).
        var root = new Command("mlgan", "Train GANs on tables, generate synthetic rows, score them for mode collapse, inspect saved models")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            TrainCommand.Create(console),
            GenerateCommand.Create(console, output),
            EvaluateCommand.Create(console),
            InfoCommand.Create(console),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {string.Join("; ", parsed.Errors.Select(e => TypeNames(e.Message).TrimEnd('.')))} (see mlgan {CommandPath(parsed)}--help)");
            return UsageErrorExitCode;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            error.WriteLine($"error: {InCliTerms(OneLine(ex.Message))}");
            return InputErrorExitCode;
        }
    }

    /// <summary>Errors that mean the input is wrong (arguments, files, data, options), as MLGan and ML.NET throw them.</summary>
    private static bool IsInputError(Exception ex) => ex is UsageException or ArgumentException or InvalidDataException or FormatException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException or InvalidOperationException
        or GanTrainingDivergedException;

    /// <summary>Names the tool's flags where MLGan's messages name the options they set (so that the advice works when followed).</summary>
    public static string InCliTerms(string message)
    {
        foreach (var (option, flag) in Flags)
        {
            message = Regex.Replace(message, $@"(GanOptions\.)?{Regex.Escape(option)} = (\d+)", $"{flag} $2");
            message = Regex.Replace(message, $@"(GanOptions\.)?{Regex.Escape(option)}\b", flag);
        }
        return message;
    }

    private static readonly (string Option, string Flag)[] Flags =
    {
        ("Schedule.MaxSteps", "--steps"), ("Schedule.Epochs", "--epochs"), ("Schedule.BatchSize", "--batch-size"),
        ("Run.NumberOfThreads", "--threads"), ("DiversityScoringOptions.NumberOfModes", "--modes"),
    };

    /// <summary>System.CommandLine names the expected .NET type ("System.Nullable`1[System.Int32]"): say "a whole number".</summary>
    private static string TypeNames(string message) =>
        Regex.Replace(message, @"expected type '(System\.Nullable`1\[)?System\.Int32\]?'", "a whole number");

    private static string CommandPath(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == "mlgan" ? "" : parsed.CommandResult.Command.Name + " ";

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
