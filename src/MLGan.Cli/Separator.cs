using System.CommandLine;

namespace MLGan.Cli;

/// <summary>The --separator option shared by the commands that read or write tables.</summary>
internal static class Separator
{
    public static Option<string?> Option() => new("--separator")
    {
        Description = "column separator: comma, tab, semicolon, or one character (default: tab for .tsv files, else comma)",
    };

    public static char? Parse(string? value) => value switch
    {
        null => null,
        "comma" or "," => ',',
        "tab" or "\\t" or "\t" => '\t',
        "semicolon" or ";" => ';',
        { Length: 1 } when value[0] != '"' => value[0],
        _ => throw new UsageException($"--separator '{value}' is not one character; use comma, tab, semicolon or one character"),
    };
}
