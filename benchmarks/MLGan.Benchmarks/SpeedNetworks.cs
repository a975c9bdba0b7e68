namespace MLGan.Benchmarks;

/// <summary>
/// A set of networks and a schedule timed by the speed benchmark on all three sides (MLGan, the hand-written TorchSharp
/// loop, PyTorch), with the plain GAN's objective (non-saturating) and no remedies.
/// </summary>
/// <param name="Name">The name the PyTorch script (benchmarks/pytorch/gan_step.py) knows it by.</param>
/// <param name="GeneratorHidden">Hidden widths of the generator (ReLU).</param>
/// <param name="DiscriminatorHidden">Hidden widths of the discriminator.</param>
/// <param name="MaxoutPieces">Pieces per maxout unit of the discriminator; 1 means <see cref="DiscriminatorActivation"/> instead.</param>
internal sealed record SpeedNetworks(
    string Name, string Description, int Latent, int[] GeneratorHidden, bool GeneratorBatchNorm,
    int[] DiscriminatorHidden, GanActivation DiscriminatorActivation, int MaxoutPieces,
    int Batch, double LearningRate, double Beta1, double Beta2)
{
    public static readonly SpeedNetworks Small = new("small",
        "PacGAN's small networks: G 2-128x3-2 ReLU, D 2-128x3-1 ReLU, batch 256, Adam 1e-4 (0.8, 0.999)",
        Latent: 2, GeneratorHidden: [128, 128, 128], GeneratorBatchNorm: false, DiscriminatorHidden: [128, 128, 128],
        DiscriminatorActivation: GanActivation.ReLU, MaxoutPieces: 1, Batch: 256, LearningRate: 1e-4, Beta1: 0.8, Beta2: 0.999);

    public static readonly SpeedNetworks Paper = new("paper",
        "PacGAN's paper networks: G 2-400x4-2 ReLU + batch norm, D 2-(200 maxout x5)x3-1, batch 100, Adam 1e-4 (0.8, 0.999)",
        Latent: 2, GeneratorHidden: [400, 400, 400, 400], GeneratorBatchNorm: true, DiscriminatorHidden: [200, 200, 200],
        DiscriminatorActivation: GanActivation.Maxout, MaxoutPieces: 5, Batch: 100, LearningRate: 1e-4, Beta1: 0.8, Beta2: 0.999);

    public static readonly SpeedNetworks Baseline = new("baseline",
        "MLGan's default networks with the plain GAN's schedule: G 16-128x3-2 ReLU, D 2-128x3-1 LeakyReLU 0.2, batch 256, Adam 2e-4 (0.5, 0.999)",
        Latent: 16, GeneratorHidden: [128, 128, 128], GeneratorBatchNorm: false, DiscriminatorHidden: [128, 128, 128],
        DiscriminatorActivation: GanActivation.LeakyReLU, MaxoutPieces: 1, Batch: 256, LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999);

    public static readonly IReadOnlyList<SpeedNetworks> All = [Small, Paper, Baseline];

    public static SpeedNetworks Named(string name) => All.FirstOrDefault(n => n.Name == name)
        ?? throw new ArgumentException($"unknown network set '{name}'; known: {string.Join(", ", All.Select(n => n.Name))}");

    /// <summary>MLGan's options for these networks: the plain GAN, no collapse monitor, a report every 100 steps.</summary>
    /// <param name="reuseNativeMemory"><see cref="GanRunOptions.ReuseNativeMemory"/> (opt-in; process-wide once a Fit has set it).</param>
    public GanOptions Options(int steps, int threads, int reportInterval = 100, bool reuseNativeMemory = false)
    {
        var options = Configurations.Baseline();
        options.Monitor = null;
        options.Networks.LatentDimension = Latent;
        options.Networks.Generator.HiddenLayers = GeneratorHidden;
        options.Networks.Generator.Normalization = GeneratorBatchNorm ? GanNormalization.BatchNorm : GanNormalization.None;
        options.Networks.Discriminator.HiddenLayers = DiscriminatorHidden;
        options.Networks.Discriminator.Activation = DiscriminatorActivation;
        options.Schedule.BatchSize = Batch;
        options.Schedule.Generator.LearningRate = options.Schedule.Discriminator.LearningRate = LearningRate;
        options.Schedule.Generator.Beta1 = options.Schedule.Discriminator.Beta1 = Beta1;
        options.Schedule.Generator.Beta2 = options.Schedule.Discriminator.Beta2 = Beta2;
        options.Schedule.MaxSteps = steps;
        options.Schedule.Epochs = int.MaxValue / 4;
        options.Run.Seed = 1;
        options.Run.NumberOfThreads = threads;
        options.Run.ReportInterval = reportInterval;
        options.Run.ReuseNativeMemory = reuseNativeMemory;
        return options;
    }
}
