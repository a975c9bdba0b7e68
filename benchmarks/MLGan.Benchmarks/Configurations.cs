using System.Globalization;

namespace MLGan.Benchmarks;

/// <summary>
/// Named training configurations for the collapse benchmarks, combined with '+' (applied left to right),
/// e.g. "ls+fast+pac4". Every name is a small change to the plain GAN of <see cref="Baseline"/>, except
/// "defaults", which starts from MLGan's own defaults instead.
/// </summary>
internal static class Configurations
{
    /// <summary>
    /// The best combination for runs of any length (see benchmarks/RESULTS.md). MLGan's defaults are this combination.
    /// </summary>
    public const string Best = "hinge+fast+mbstd+ema+modes";

    /// <summary>
    /// The best combination at the protocol's 40,000 steps: <see cref="Best"/> with the discriminator at half the
    /// generator's learning rate. Better late, much worse early (3,000 steps), so it is not the default.
    /// </summary>
    public const string BestLongRun = Best + "+ttur0.5";

    /// <summary>
    /// A plain GAN, independent of MLGan's defaults: non-saturating loss, Adam 2e-4 with betas (0.5, 0.999),
    /// G and D 3x128, batch 256, no remedies, whole-column scaling (no mode normalization).
    /// </summary>
    public static GanOptions Baseline() => new()
    {
        ModeNormalization = ModeNormalization.None,
        Objective = { Loss = GanLoss.NonSaturating },
        Schedule =
        {
            Generator = { LearningRate = 2e-4, Beta1 = 0.5, Beta2 = 0.999 },
            Discriminator = { LearningRate = 2e-4, Beta1 = 0.5, Beta2 = 0.999 },
            LearningRateDecay = false,
        },
        Remedies = { MinibatchStandardDeviation = { Enabled = false }, GeneratorEma = { Decay = 0 } },
    };

    /// <summary>The options of a named configuration.</summary>
    public static GanOptions Create(string name)
    {
        var parts = name.Split('+');
        var options = parts[0] == "defaults" ? new GanOptions() : Baseline();
        foreach (var part in parts.Where(p => p != "defaults"))
            Lookup(part).Apply(options);
        return options;
    }

    private static readonly Dictionary<string, (string Description, Action<GanOptions> Apply)> Parts = new()
    {
        ["gan"] = ("plain GAN (non-saturating loss, Adam 2e-4, betas 0.5/0.999, no remedies)", _ => { }),
        ["minimax"] = ("original minimax loss", o => o.Objective.Loss = GanLoss.Minimax),
        ["ls"] = ("least-squares loss", o => o.Objective.Loss = GanLoss.LeastSquares),
        ["hinge"] = ("hinge loss", o => o.Objective.Loss = GanLoss.Hinge),
        ["ns"] = ("non-saturating loss", o => o.Objective.Loss = GanLoss.NonSaturating),
        ["nowhite"] = ("no PCA whitening (per-slot standardization only)", o => o.Whitening = FeatureWhitening.None),
        ["white"] = ("PCA whitening always", o => o.Whitening = FeatureWhitening.Always),
        ["modes"] = ("mode normalization where the rows form clear clusters (Auto)", o => o.ModeNormalization = ModeNormalization.Auto),
        ["nomodes"] = ("no mode normalization (whole-column scaling only)", o => o.ModeNormalization = ModeNormalization.None),
        ["nombstd"] = ("no minibatch stddev", o => o.Remedies.MinibatchStandardDeviation.Enabled = false),
        ["wgan"] = ("WGAN with weight clipping, 5 critic steps", o => { o.Objective.Loss = GanLoss.Wasserstein; o.Schedule.DiscriminatorStepsPerGeneratorStep = 5; }),
        ["wgangp"] = ("WGAN-GP, 5 critic steps", o => { o.Objective.Loss = GanLoss.WassersteinGP; o.Schedule.DiscriminatorStepsPerGeneratorStep = 5; }),
        ["fast"] = ("Adam 1e-3, betas 0.5/0.9", o => { o.Schedule.Generator.LearningRate = o.Schedule.Discriminator.LearningRate = 1e-3; o.Schedule.Generator.Beta2 = o.Schedule.Discriminator.Beta2 = 0.9; }),
        ["strongD"] = ("D 256x3 at 4x G's learning rate", o => { o.Networks.Discriminator.HiddenLayers = new[] { 256, 256, 256 }; o.Schedule.Discriminator.LearningRate = 4 * o.Schedule.Generator.LearningRate; }),
        ["bn"] = ("batch norm in G", o => o.Networks.Generator.Normalization = GanNormalization.BatchNorm),
        ["wide"] = ("G and D 4x256", o => { o.Networks.Generator.HiddenLayers = new[] { 256, 256, 256, 256 }; o.Networks.Discriminator.HiddenLayers = new[] { 256, 256, 256, 256 }; }),
        ["paper"] = ("the PacGAN networks and schedule: G 4x400 ReLU+BN, D 3 maxout x200, z 2-D, batch 100, Adam 1e-4 beta1 0.8", o =>
        {
            o.Networks.Generator.HiddenLayers = new[] { 400, 400, 400, 400 };
            o.Networks.Generator.Normalization = GanNormalization.BatchNorm;
            o.Networks.Discriminator.HiddenLayers = new[] { 200, 200, 200 };
            o.Networks.Discriminator.Activation = GanActivation.Maxout;
            o.Networks.LatentDimension = 2;
            o.Schedule.BatchSize = 100;
            o.Schedule.Generator.LearningRate = o.Schedule.Discriminator.LearningRate = 1e-4;
            o.Schedule.Generator.Beta1 = o.Schedule.Discriminator.Beta1 = 0.8;
        }),
        // Remedies, one each.
        ["unroll5"] = ("unrolled D, 5 steps", o => o.Remedies.Unrolling.Steps = 5),
        ["mbd"] = ("minibatch discrimination", o => o.Remedies.MinibatchDiscrimination.Enabled = true),
        ["mbstd"] = ("minibatch stddev", o => o.Remedies.MinibatchStandardDeviation.Enabled = true),
        ["fm"] = ("feature matching (weight 1)", o => o.Remedies.FeatureMatching.Weight = 1),
        ["dragan"] = ("DRAGAN penalty 10", o => o.Remedies.Dragan.Weight = 10),
        ["r1"] = ("R1 penalty 1", o => o.Remedies.R1.Weight = 1),
        ["sn"] = ("spectral norm in D", o => o.Remedies.SpectralNorm.Enabled = true),
        ["drop"] = ("dropout 0.2 in D", o => o.Networks.Discriminator.Dropout = 0.2),
        ["ln"] = ("layer norm in D", o => o.Networks.Discriminator.Normalization = GanNormalization.LayerNorm),
        ["noise"] = ("instance noise 0.1, annealed", o => o.Remedies.InstanceNoise.InitialStd = 0.1),
        ["smooth"] = ("one-sided label smoothing 0.1", o => o.Remedies.LabelSmoothing.Amount = 0.1),
        ["ema"] = ("generator EMA 0.999", o => o.Remedies.GeneratorEma.Decay = 0.999),
        ["decay"] = ("learning rates decayed linearly to 0", o => o.Schedule.LearningRateDecay = true),
        ["veegan"] = ("VEEGAN: reconstructor network (G's hidden layers), D on (row, latent) pairs, reconstruction weight 1, 2-d latent (invertible)", o =>
        {
            o.Remedies.Reconstructor.Enabled = true;
            o.Networks.LatentDimension = 2;
        }),
        ["escalate"] = ("the Escalate collapse policy (monitor every 500 steps)", o => o.Monitor = new CollapseMonitorOptions { Interval = 500, Policy = CollapsePolicy.Escalate }),
        ["ebgan"] = ("EBGAN: autoencoder discriminator, margin 1, pulling-away 0.1", o =>
        {
            o.Remedies.EnergyBased.Enabled = true;
            o.Remedies.MinibatchStandardDeviation.Enabled = false;
        }),
    };

    public static string Describe(string name) => string.Join(" + ", name.Split('+').Select(p => p == "defaults" ? "MLGan defaults" : Lookup(p).Description));

    private static (string Description, Action<GanOptions> Apply) Lookup(string part)
    {
        if (Parts.TryGetValue(part, out var known))
            return known;
        if (part.StartsWith("pac", StringComparison.Ordinal) && int.TryParse(part.AsSpan(3), out int degree))
            return ($"packing {degree}", o => { o.Remedies.Packing.Degree = degree; o.Schedule.BatchSize = o.Schedule.BatchSize / degree * degree; });
        if (part.StartsWith("gman", StringComparison.Ordinal) && int.TryParse(part.AsSpan(4).ToString().Split('l')[0], out int discriminators))
        {
            // gmanN: N discriminators, mean (GMAN-0); gmanNlL: softmax-weighted mean with λ = L.
            var spec = part[4..].Split('l');
            double lambda = spec.Length > 1 ? double.Parse(spec[1], CultureInfo.InvariantCulture) : 0;
            return ($"GMAN, {discriminators} discriminators, λ = {lambda.ToString(CultureInfo.InvariantCulture)}", o =>
            {
                o.Remedies.MultipleDiscriminators.Count = discriminators;
                o.Remedies.MultipleDiscriminators.Lambda = lambda;
            });
        }
        if (part.StartsWith("mad", StringComparison.Ordinal) && int.TryParse(part.AsSpan(3).ToString().TrimEnd('s'), out int generators))
        {
            // madK: MAD-GAN with K generators; madKs: sharing their hidden layers.
            bool shared = part.EndsWith('s');
            return ($"MAD-GAN, {generators} generators{(shared ? " sharing hidden layers" : "")}", o =>
            {
                o.Remedies.MultipleGenerators.Count = generators;
                o.Remedies.MultipleGenerators.ShareHiddenLayers = shared;
            });
        }
        if (part.StartsWith("ema", StringComparison.Ordinal) && double.TryParse(part.AsSpan(3), CultureInfo.InvariantCulture, out double decay))
            return ($"generator EMA {decay}", o => o.Remedies.GeneratorEma.Decay = decay);
        if (part.StartsWith("nc", StringComparison.Ordinal) && int.TryParse(part.AsSpan(2), out int critic))
            return ($"{critic} D steps per G step", o => o.Schedule.DiscriminatorStepsPerGeneratorStep = critic);
        if (part.StartsWith("lr", StringComparison.Ordinal) && double.TryParse(part.AsSpan(2), CultureInfo.InvariantCulture, out double rate))
            return ($"learning rates {rate}", o => o.Schedule.Generator.LearningRate = o.Schedule.Discriminator.LearningRate = rate);
        if (part.StartsWith("ttur", StringComparison.Ordinal) && double.TryParse(part.AsSpan(4), CultureInfo.InvariantCulture, out double ratio))
            return ($"D learning rate {ratio}x G's", o => o.Schedule.Discriminator.LearningRate = ratio * o.Schedule.Generator.LearningRate);
        if (part.StartsWith('b') && int.TryParse(part.AsSpan(1), out int batch))
            return ($"batch {batch}", o => o.Schedule.BatchSize = batch);
        if (part.StartsWith('z') && int.TryParse(part.AsSpan(1), out int latent))
            return ($"{latent}-d latent", o => o.Networks.LatentDimension = latent);
        if (part.StartsWith('d') && int.TryParse(part.AsSpan(1), out int dWidth))
            return ($"D 3x{dWidth}", o => o.Networks.Discriminator.HiddenLayers = new[] { dWidth, dWidth, dWidth });
        if (part.StartsWith('g') && int.TryParse(part.AsSpan(1), out int width))
            return ($"G 4x{width}", o => o.Networks.Generator.HiddenLayers = new[] { width, width, width, width });
        throw new ArgumentException($"unknown configuration part '{part}'; known: {string.Join(", ", Parts.Keys)}, pacN, gmanN, gmanNlL, madK, madKs, emaD, ncN, lrX, tturX, bN, gW, zN, dW");
    }
}
