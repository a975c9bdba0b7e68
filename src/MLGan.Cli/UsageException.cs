namespace MLGan.Cli;

/// <summary>A bad argument or input file: printed as one "error: ..." line, exit code 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
