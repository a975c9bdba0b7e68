namespace MLGan;

/// <summary>
/// Options for <see cref="GanEstimator"/>, grouped by concern: the columns, then <see cref="Networks"/>,
/// <see cref="Objective"/>, <see cref="Remedies"/> (each remedy's settings together), <see cref="Schedule"/>,
/// <see cref="Monitor"/> and <see cref="Run"/>. Every option is validated when the estimator is created, and a message
/// names it by its full path, e.g. <c>GanOptions.Remedies.Unrolling.Steps</c>.
/// </summary>
/// <remarks>
/// The defaults are the combination that did best on the ring and grid mode-collapse protocols
/// (benchmarks/RESULTS.md): hinge loss, Adam 1e-3 with betas (0.5, 0.9), minibatch standard deviation in the
/// discriminator and an exponential moving average of the generator (0.999) for sampling. Set
/// <c>Remedies.MinibatchStandardDeviation.Enabled = false</c> and <c>Remedies.GeneratorEma.Decay = 0</c> for a plain GAN.
/// </remarks>
public sealed class GanOptions
{
    /// <summary>The column to learn to generate: a known-size vector of <see cref="float"/>.</summary>
    public string FeatureColumnName = "Features";

    /// <summary>
    /// The column the fitted transformer writes generated rows to. Defaults to <see cref="FeatureColumnName"/>,
    /// so generated data has the training data's schema and can be appended to it.
    /// </summary>
    public string? OutputColumnName;

    /// <summary>
    /// Optional input column of the fitted transformer holding the generator's latent vectors (known-size vector of
    /// <see cref="float"/> of length <see cref="GanTransformer.LatentDimension"/>, which is
    /// <see cref="GanNetworkOptions.LatentDimension"/> or its default): rows of data that has this column
    /// are generated from its vectors. Data without it (the training data, <c>Generate</c>) gets latent vectors drawn
    /// from a standard normal as a pure function of the seed and the row's position.
    /// </summary>
    public string? LatentColumnName;

    /// <summary>
    /// Optional column of labels to condition on (CGAN, Mirza &amp; Osindero 2014): a key, text, Boolean or number column,
    /// one class per distinct value (at most 10,000). A learned embedding of the label is given to the generator (next to
    /// the latent vector) and to the discriminator (next to the row, or as constant feature maps next to an image's
    /// channels). The classes are saved with the model; the fitted transformer generates each input row for that row's
    /// label, and <c>mlContext.Gan().GenerateForLabels</c> generates rows for chosen labels. Null (default): unconditional.
    /// </summary>
    public string? LabelColumnName;

    /// <summary>
    /// How each slot of a vector column is transformed before standardization: <see cref="SlotTransform.Auto"/> (default)
    /// gives positive heavy-tailed slots (sample skewness above 2) the quantile transform so that the networks see their
    /// bulk; generated values are mapped back through the stored quantiles, calibrated after training to the generator's
    /// own quantiles of the slot. Saved with the model. Images are not transformed.
    /// </summary>
    public SlotTransform SlotTransform = SlotTransform.Auto;

    /// <summary>
    /// Whether standardized slots are also PCA-whitened (<see cref="FeatureWhitening"/>): <see cref="FeatureWhitening.Auto"/>
    /// (default) whitens rows of up to 64 values that lie close to a lower-dimensional structure (some principal direction
    /// below 1% of an average slot's variance), which keeps generated modes from going flat in the small directions.
    /// When the GAN works by mode (<see cref="ModeNormalization"/>, the default for the plain MLP pair on rows of up to
    /// 64 values), each mode is whitened instead. Saved with the model. Images are not whitened.
    /// </summary>
    public FeatureWhitening Whitening = FeatureWhitening.Auto;

    /// <summary>
    /// Whether a vector column is modelled mode by mode (<see cref="MLGan.ModeNormalization"/>): <see cref="MLGan.ModeNormalization.Auto"/>
    /// (default) finds the training rows' clusters and, when they are clearly separated (mean silhouette at least 0.7),
    /// whitens each on its own and conditions both networks on the cluster, so that every mode is generated in its
    /// share and at its own spread; other rows are one mode, whitened as a whole. The generator's loss matches each
    /// mode's mean and covariance. Whole-column whitening (<see cref="Whitening"/>) is then not used;
    /// <see cref="FeatureWhitening.Always"/> turns this off, and <see cref="FeatureWhitening.None"/> keeps rows without
    /// clusters unwhitened (whole-column). The modes are saved with the model. Not for images, label-conditioned GANs
    /// or methods with more networks.
    /// </summary>
    public ModeNormalization ModeNormalization = ModeNormalization.Auto;

    /// <summary>The generator's and the discriminator's architecture and the latent size.</summary>
    public GanNetworkOptions Networks = new();

    /// <summary>The adversarial objective and its own settings.</summary>
    public GanObjectiveOptions Objective = new();

    /// <summary>Remedies for mode collapse; each is off unless its settings turn it on.</summary>
    public GanRemedyOptions Remedies = new();

    /// <summary>How long and how fast to train: epochs, steps, batch size, n_critic, optimizers.</summary>
    public GanScheduleOptions Schedule = new();

    /// <summary>
    /// The training-time collapse monitor: diversity checks against held-out validation rows (see GanEstimator.Fit) or
    /// a sample of the training data, loss-trend early warnings and a policy on confirmed collapse. On by default (warn
    /// only); null turns it off.
    /// </summary>
    public CollapseMonitorOptions? Monitor = new();

    /// <summary>Seed, device, threads and reporting.</summary>
    public GanRunOptions Run = new();

    internal string ResolvedOutputColumnName => string.IsNullOrEmpty(OutputColumnName) ? FeatureColumnName : OutputColumnName;

    internal GanOptions Clone() => new()
    {
        FeatureColumnName = FeatureColumnName,
        OutputColumnName = OutputColumnName,
        LatentColumnName = LatentColumnName,
        LabelColumnName = LabelColumnName,
        SlotTransform = SlotTransform,
        Whitening = Whitening,
        ModeNormalization = ModeNormalization,
        Networks = Networks.Clone(),
        Objective = Objective.Clone(),
        Remedies = Remedies.Clone(),
        Schedule = Schedule.Clone(),
        Monitor = Monitor?.Clone(),
        Run = Run.Clone(),
    };
}

/// <summary>Architecture of the two networks (<see cref="GanOptions.Networks"/>).</summary>
public sealed class GanNetworkOptions
{
    /// <summary>
    /// Size of the generator's latent (noise) input. Unset (the default): 16 for images, and for vector rows 1.5 x the
    /// values per row rounded up to a multiple of 8, at least 16 and at most 64 (16 up to 10 values per row, 32 for 20,
    /// 64 from 43). Why: a generator whose noise has fewer dimensions than the rows it writes (less one latent value that
    /// picks the mode, <see cref="GanOptions.ModeNormalization"/>) writes them on a lower-dimensional surface; on modes
    /// in 20-D, a 16-value latent reached recall 0.68 of real rows' in 5,000 steps and a 32-value one 0.90
    /// (benchmarks/RESULTS.md). Sizes are bounded when the estimator is created and again at Fit with the data's width:
    /// at most 1e9 parameters per network and an estimated 64 GiB of training memory.
    /// </summary>
    public int? LatentDimension;

    /// <summary>Latent size when <see cref="LatentDimension"/> is unset, for images and for rows of up to 10 values.</summary>
    public const int DefaultLatentDimension = 16;

    /// <summary>Largest latent size <see cref="LatentDimension"/> unset gives (rows of 43 values or more).</summary>
    public const int MaxDefaultLatentDimension = 64;

    /// <summary>The latent size for rows of <paramref name="featureSize"/> values (<paramref name="image"/>: null for vectors): <see cref="LatentDimension"/> when set, else its default.</summary>
    internal int LatentSize(int featureSize, Data.ImageShape? image = null) => LatentDimension
        ?? (image is null ? Math.Clamp(8 * (int)Math.Ceiling(1.5 * featureSize / 8), DefaultLatentDimension, MaxDefaultLatentDimension) : DefaultLatentDimension);

    /// <summary>The generator: hidden layers 128x3 with ReLU by default.</summary>
    public GeneratorNetworkOptions Generator = new();

    /// <summary>The discriminator (critic): hidden layers 128x3 with LeakyReLU by default.</summary>
    public DiscriminatorNetworkOptions Discriminator = new();

    /// <summary>
    /// Which networks to train: <see cref="GanArchitecture.Auto"/> (default) picks DCGAN for an image column (a vector with
    /// dimensions (C, H, W) or (H, W), as <c>ExtractPixels</c> declares, 28x28, 32x32 or 64x64, 1 to 4 channels) and MLPs
    /// otherwise. <see cref="Generator"/> and <see cref="Discriminator"/> size the MLPs; <see cref="Convolutional"/> the DCGAN networks.
    /// </summary>
    public GanArchitecture Architecture = GanArchitecture.Auto;

    /// <summary>The DCGAN networks' widths and normalization (used when <see cref="Architecture"/> resolves to DCGAN).</summary>
    public ConvolutionalNetworkOptions Convolutional = new();

    internal GanNetworkOptions Clone() => new()
    {
        LatentDimension = LatentDimension, Generator = Generator.Clone(), Discriminator = Discriminator.Clone(), Architecture = Architecture, Convolutional = Convolutional.Clone(),
    };

    /// <summary>The generator's normalization in the architecture in use, and the option that sets it.</summary>
    internal (GanNormalization Value, string Option) GeneratorNormalizationInUse => Architecture == GanArchitecture.Dcgan
        ? (Convolutional.GeneratorNormalization, "Networks.Convolutional.GeneratorNormalization")
        : (Generator.Normalization, "Networks.Generator.Normalization");

    /// <summary>The discriminator's normalization in the architecture in use, and the option that sets it.</summary>
    internal (GanNormalization Value, string Option) DiscriminatorNormalizationInUse => Architecture == GanArchitecture.Dcgan
        ? (Convolutional.DiscriminatorNormalization, "Networks.Convolutional.DiscriminatorNormalization")
        : (Discriminator.Normalization, "Networks.Discriminator.Normalization");
}

/// <summary>The kinds of networks MLGan trains (<see cref="GanNetworkOptions.Architecture"/>).</summary>
public enum GanArchitecture
{
    /// <summary>DCGAN for an image column, MLPs for any other vector column.</summary>
    Auto = 0,
    /// <summary>Multilayer perceptrons (<see cref="GanNetworkOptions.Generator"/>, <see cref="GanNetworkOptions.Discriminator"/>) on rows as flat vectors.</summary>
    Mlp = 1,
    /// <summary>
    /// DCGAN (Radford et al. 2016): a transposed-convolution generator with tanh output and a strided-convolution
    /// discriminator with LeakyReLU (<see cref="GanNetworkOptions.Convolutional"/>). Needs an image column.
    /// </summary>
    Dcgan = 2,
}

/// <summary>
/// The DCGAN networks (<see cref="GanNetworkOptions.Convolutional"/>). An image of side S is reached from a start map
/// (7x7 for S = 28, 4x4 for 32 and 64) by stride-2 4x4 (transposed) convolutions, the channels doubling at each level
/// away from the image: a width of 64 gives the generator 128 → 64 channels for 28x28 and 512 → 256 → 128 → 64 for
/// 64x64, and the discriminator the reverse. Radford et al. used 128 for 64x64 images; 32 trains MNIST on a CPU in minutes.
/// </summary>
public sealed class ConvolutionalNetworkOptions
{
    /// <summary>Channels of the generator's last hidden feature map, 1 to 4096.</summary>
    public int GeneratorWidth = 64;

    /// <summary>Channels of the discriminator's first convolution, 1 to 4096.</summary>
    public int DiscriminatorWidth = 64;

    /// <summary>Normalization after each of the generator's hidden layers (batch normalization in the paper).</summary>
    public GanNormalization GeneratorNormalization = GanNormalization.BatchNorm;

    /// <summary>
    /// Normalization after each of the discriminator's convolutions but the first. None by default: batch normalization
    /// (the paper's choice) makes a row's score depend on its batch, which gradient penalties (R1, WGAN-GP, DRAGAN) do not allow.
    /// </summary>
    public GanNormalization DiscriminatorNormalization = GanNormalization.None;

    internal ConvolutionalNetworkOptions Clone() => (ConvolutionalNetworkOptions)MemberwiseClone();
}

/// <summary>The generator's MLP (<see cref="GanNetworkOptions.Generator"/>).</summary>
public sealed class GeneratorNetworkOptions
{
    /// <summary>Widths of the hidden layers (the depth is the array's length); bounded as <see cref="GanNetworkOptions.LatentDimension"/> says.</summary>
    public int[] HiddenLayers = { 128, 128, 128 };

    /// <summary>Nonlinearity of the hidden layers.</summary>
    public GanActivation Activation = GanActivation.ReLU;

    /// <summary>Normalization after each hidden layer.</summary>
    public GanNormalization Normalization = GanNormalization.None;

    internal GeneratorNetworkOptions Clone() => new() { HiddenLayers = (int[])HiddenLayers.Clone(), Activation = Activation, Normalization = Normalization };
}

/// <summary>The discriminator's MLP (<see cref="GanNetworkOptions.Discriminator"/>).</summary>
public sealed class DiscriminatorNetworkOptions
{
    /// <summary>Widths of the hidden layers (the depth is the array's length); bounded as <see cref="GanNetworkOptions.LatentDimension"/> says.</summary>
    public int[] HiddenLayers = { 128, 128, 128 };

    /// <summary>Nonlinearity of the hidden layers.</summary>
    public GanActivation Activation = GanActivation.LeakyReLU;

    /// <summary>
    /// Normalization after each hidden layer. Batch normalization makes a row's score depend on its batch, which gradient
    /// penalties assume it does not: use <see cref="GanNormalization.LayerNorm"/> with them.
    /// </summary>
    public GanNormalization Normalization = GanNormalization.None;

    /// <summary>Dropout probability after each hidden layer, in [0, 0.95]; 0 turns it off. Masks are drawn from the run's seed.</summary>
    public double Dropout;

    internal DiscriminatorNetworkOptions Clone() => new() { HiddenLayers = (int[])HiddenLayers.Clone(), Activation = Activation, Normalization = Normalization, Dropout = Dropout };
}

/// <summary>The adversarial objective (<see cref="GanOptions.Objective"/>).</summary>
public sealed class GanObjectiveOptions
{
    /// <summary>How the discriminator's outputs become the two players' losses.</summary>
    public GanLoss Loss = GanLoss.Hinge;

    /// <summary>Weight λ of the gradient penalty of <see cref="GanLoss.WassersteinGP"/> (10 in Gulrajani et al. 2017).</summary>
    public double GradientPenaltyWeight = 10;

    /// <summary>Clip value c of <see cref="GanLoss.Wasserstein"/>: critic weights are kept in [-c, c] (0.01 in Arjovsky et al. 2017).</summary>
    public double WeightClipValue = 0.01;

    internal GanObjectiveOptions Clone() => (GanObjectiveOptions)MemberwiseClone();
}

/// <summary>Training length, batches and optimizers (<see cref="GanOptions.Schedule"/>).</summary>
public sealed class GanScheduleOptions
{
    /// <summary>Passes over the training data (counted in discriminator batches). Training stops at whichever of <see cref="Epochs"/> and <see cref="MaxSteps"/> comes first.</summary>
    public int Epochs = 50;

    /// <summary>Optional cap on training steps (one step: n_critic discriminator updates and one generator update).</summary>
    public int? MaxSteps;

    /// <summary>Rows per batch, for real and for generated rows.</summary>
    public int BatchSize = 256;

    /// <summary>Discriminator (critic) updates per generator update: WGAN's n_critic.</summary>
    public int DiscriminatorStepsPerGeneratorStep = 1;

    /// <summary>The generator's Adam: learning rate 1e-3, betas (0.5, 0.9) by default.</summary>
    public AdamOptions Generator = new();

    /// <summary>The discriminator's Adam (a larger learning rate than the generator's gives a two time-scale update rule).</summary>
    public AdamOptions Discriminator = new();

    /// <summary>
    /// Decay every learning rate linearly to 0 over the run (the rates above are the starting rates). Late, small
    /// steps let the generator settle on the modes, which sharpens samples.
    /// </summary>
    public bool LearningRateDecay;

    internal GanScheduleOptions Clone() => new()
    {
        Epochs = Epochs, MaxSteps = MaxSteps, BatchSize = BatchSize, DiscriminatorStepsPerGeneratorStep = DiscriminatorStepsPerGeneratorStep,
        Generator = Generator.Clone(), Discriminator = Discriminator.Clone(), LearningRateDecay = LearningRateDecay,
    };
}

/// <summary>Settings of an Adam optimizer (Kingma &amp; Ba 2015).</summary>
public sealed class AdamOptions
{
    /// <summary>Learning rate (step size).</summary>
    public double LearningRate = 1e-3;

    /// <summary>Adam β₁, in [0, 1): decay of the gradient's running mean.</summary>
    public double Beta1 = 0.5;

    /// <summary>Adam β₂, in [0, 1): decay of the squared gradient's running mean.</summary>
    public double Beta2 = 0.9;

    internal AdamOptions Clone() => (AdamOptions)MemberwiseClone();
}

/// <summary>Seed, device, threads and reporting (<see cref="GanOptions.Run"/>).</summary>
public sealed class GanRunOptions
{
    /// <summary>
    /// Seed of weight initialization, batch order, training noise and the fitted transformer's default
    /// generation seed. When unset, it is drawn from the <see cref="Microsoft.ML.MLContext"/>'s seed, so
    /// <c>new MLContext(seed: 1)</c> makes training reproducible.
    /// </summary>
    public int? Seed;

    /// <summary>Where to train: <c>"cpu"</c> (default), <c>"cuda"</c>, <c>"cuda:N"</c>, or <c>"auto"</c> (CUDA when available).</summary>
    public string Device = "cpu";

    /// <summary>
    /// Threads libtorch may use while training. libtorch (OpenMP) keeps the count per thread: a Fit sets it on the thread
    /// that trains and gives that thread back its count when training ends, also on an exception. The value set is also
    /// what a thread starts with at its first libtorch work, so while a Fit runs it reaches threads that start using
    /// libtorch then; when the last of overlapping Fits ends, the count from before the first one is set again. When
    /// unset, the count follows from
    /// the work of a training step, estimated from the networks and the batch size (logged at the start of training): 1
    /// thread below 10 GFLOP per step (MLGan's default MLPs need about 0.2: their operations are too small to split, and
    /// with 2 threads every operation waits for the slower core, 4.4x slower while another process runs), else one per
    /// core, at most 4 (e.g. the default DCGAN on 28x28 images, 41 GFLOP: 1.8x faster on an idle 2-core machine, 1.7x
    /// slower on a loaded one). It never depends on a timing, so a seed trains the same on the same
    /// machine whatever else runs. Results for a seed can differ between thread counts (libtorch splits some sums).
    /// </summary>
    public int? NumberOfThreads;

    /// <summary>Training steps between progress reports and entries of the training history.</summary>
    public int ReportInterval = 100;

    /// <summary>
    /// What to do when training diverges (see <see cref="GanTrainingDivergedException"/>): null (default) stops with that
    /// exception; set, training rolls back to the last healthy report and continues with lower learning rates, a bounded
    /// number of times, before it stops the same way.
    /// </summary>
    public DivergenceRecoveryOptions? DivergenceRecovery;

    /// <summary>Writes a checkpoint every so many steps and at the end, to resume from (<see cref="ResumeFrom"/>); null (default) writes none.</summary>
    public CheckpointOptions? Checkpoint;

    /// <summary>
    /// A checkpoint file (see <see cref="Checkpoint"/>) to continue training from: the same data and options (the schedule's
    /// <see cref="GanScheduleOptions.Epochs"/> and <see cref="GanScheduleOptions.MaxSteps"/> may grow, to continue a finished
    /// run) give weights bit-identical to a run that was never interrupted. The checkpoint's seed is used.
    /// </summary>
    public string? ResumeFrom;

    /// <summary>
    /// A folder for TensorBoard event files (<c>tensorboard --logdir</c> reads them), written with TorchSharp's
    /// <c>SummaryWriter</c> at every progress report: <c>loss/discriminator</c>, <c>loss/generator</c>,
    /// <c>gradient_norm/generator</c>, <c>throughput/samples_per_second</c>; at the collapse monitor's checks
    /// <c>diversity/modes_captured_share</c>, <c>high_quality_share</c>, <c>precision</c>, <c>recall</c>, <c>coverage</c>
    /// and <c>collapsed</c> (1 or 0); for image GANs a 4x4 grid of generated images, <c>samples</c>, from the same latent
    /// vectors each time. Null (default) writes nothing; training draws the same numbers either way.
    /// </summary>
    public string? TensorBoardLogDirectory;

    /// <summary>
    /// Opt-in, Linux with glibc: the first Fit in a process with it set raises malloc's trim threshold to 128 MiB and its
    /// mmap threshold to 32 MiB, so memory libtorch frees after a step is reused at the next instead of being given back
    /// to the system and faulted in again (the PacGAN paper networks' step 14–22% shorter; benchmarks/RESULTS.md). It is
    /// a process-wide setting that stays for the life of the process (glibc has no per-library one): the process may keep
    /// up to 128 MiB of freed native memory. A <c>GLIBC_TUNABLES</c> environment variable that sets malloc's behaviour is
    /// left alone; elsewhere it does nothing; the training log says what was done. Off by default: it changes the whole
    /// process.
    /// </summary>
    public bool ReuseNativeMemory;

    internal GanRunOptions Clone()
    {
        var copy = (GanRunOptions)MemberwiseClone();
        copy.Checkpoint = Checkpoint?.Clone();
        copy.DivergenceRecovery = DivergenceRecovery?.Clone();
        return copy;
    }
}

/// <summary>
/// Recovery from divergence (<see cref="GanRunOptions.DivergenceRecovery"/>): the run's whole state (weights, optimizers,
/// random streams, remedies, monitor) is kept in memory at each healthy progress report; on divergence training returns
/// there, multiplies every learning rate by <see cref="LearningRateFactor"/> and goes on. Each rollback is reported as a
/// warning in the next history entry.
/// </summary>
public sealed class DivergenceRecoveryOptions
{
    /// <summary>Rollbacks allowed in one run, 1 to 100; the next divergence stops training with <see cref="GanTrainingDivergedException"/>.</summary>
    public int MaxRollbacks = 3;

    /// <summary>Factor applied to every learning rate at each rollback, in (0, 1).</summary>
    public double LearningRateFactor = 0.5;

    internal DivergenceRecoveryOptions Clone() => (DivergenceRecoveryOptions)MemberwiseClone();
}

/// <summary>Where and how often training writes a checkpoint (<see cref="GanRunOptions.Checkpoint"/>).</summary>
public sealed class CheckpointOptions
{
    /// <summary>
    /// The checkpoint file; each checkpoint replaces the previous one (written to a temporary file first, so an interrupted
    /// write never leaves a damaged checkpoint). It holds every player with its optimizer, the step counter, the random
    /// streams, the remedies' state, the collapse monitor's state and the history.
    /// </summary>
    public string Path = "";

    /// <summary>Training steps between checkpoints; one is also written at the last step and when a collapse policy stops training.</summary>
    public int Interval = 1000;

    internal CheckpointOptions Clone() => (CheckpointOptions)MemberwiseClone();
}
