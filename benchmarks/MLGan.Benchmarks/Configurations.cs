namespace MLGan.Benchmarks;

/// <summary>
/// Named training configurations for the collapse benchmarks, combined with '+' (applied left to right),
/// e.g. "ls+fast+pac4". Every name is a small change to <see cref="GanOptions"/>.
/// </summary>
internal static class Configurations
{
    private static readonly Dictionary<string, (string Description, Action<GanOptions> Apply)> Parts = new()
    {
        ["gan"] = ("MLGan defaults (non-saturating loss, Adam 2e-4, betas 0.5/0.999)", _ => { }),
        ["minimax"] = ("original minimax loss", o => o.Loss = GanLoss.Minimax),
        ["ls"] = ("least-squares loss", o => o.Loss = GanLoss.LeastSquares),
        ["hinge"] = ("hinge loss", o => o.Loss = GanLoss.Hinge),
        ["wgangp"] = ("WGAN-GP, 5 critic steps", o => { o.Loss = GanLoss.WassersteinGP; o.DiscriminatorStepsPerGeneratorStep = 5; }),
        ["fast"] = ("Adam 1e-3, betas 0.5/0.9", o => { o.GeneratorLearningRate = o.DiscriminatorLearningRate = 1e-3; o.GeneratorBeta2 = o.DiscriminatorBeta2 = 0.9; }),
        ["strongD"] = ("D 256x3 at 4x G's learning rate", o => { o.DiscriminatorHiddenLayers = new[] { 256, 256, 256 }; o.DiscriminatorLearningRate = 4 * o.GeneratorLearningRate; }),
        ["bn"] = ("batch norm in G", o => o.GeneratorNormalization = GanNormalization.BatchNorm),
        ["wide"] = ("G and D 4x256", o => { o.GeneratorHiddenLayers = new[] { 256, 256, 256, 256 }; o.DiscriminatorHiddenLayers = new[] { 256, 256, 256, 256 }; }),
        ["b512"] = ("batch 512", o => o.BatchSize = 512),
    };

    public static string Describe(string name) => string.Join(" + ", name.Split('+').Select(p => Lookup(p).Description));

    public static void Apply(string name, GanOptions options)
    {
        foreach (var part in name.Split('+'))
            Lookup(part).Apply(options);
    }

    private static (string Description, Action<GanOptions> Apply) Lookup(string part)
    {
        if (Parts.TryGetValue(part, out var known))
            return known;
        if (part.StartsWith("pac", StringComparison.Ordinal) && int.TryParse(part.AsSpan(3), out int degree))
            return ($"packing {degree}", o => { o.PackingDegree = degree; o.BatchSize = o.BatchSize / degree * degree; });
        throw new ArgumentException($"unknown configuration part '{part}'; known: {string.Join(", ", Parts.Keys)}, pacN");
    }
}
