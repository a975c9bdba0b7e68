namespace MLGan.Benchmarks;

/// <summary>"--name value" pairs from the command line, with typed defaults.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchmarkArguments(Dictionary<string, string> values) => _values = values;

    public static BenchmarkArguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{list[i]}'");
            values[list[i][2..]] = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) ? list[++i] : "true";
        }
        return new BenchmarkArguments(values);
    }

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;

    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
}
