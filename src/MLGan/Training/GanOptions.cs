namespace MLGan;

/// <summary>
/// Options for <see cref="GanEstimator"/>: which column to learn, the two networks, the adversarial
/// objective, the remedies for mode collapse and the training schedule. Every option is validated, with a
/// message naming it, when the estimator is created.
/// </summary>
/// <remarks>
/// The defaults are the combination that did best on the ring and grid mode-collapse protocols
/// (benchmarks/RESULTS.md): hinge loss, Adam 1e-3 with betas (0.5, 0.9), minibatch standard deviation in the
/// discriminator and an exponential moving average of the generator (0.999) for sampling. Set
/// <see cref="MinibatchStandardDeviation"/> = false and <see cref="GeneratorEmaDecay"/> = 0 for a plain GAN.
/// </remarks>
public sealed class GanOptions
{
    // ---- Data ----

    /// <summary>The column to learn to generate: a known-size vector of <see cref="float"/>.</summary>
    public string FeatureColumnName = "Features";

    /// <summary>
    /// The column the fitted transformer writes generated rows to. Defaults to <see cref="FeatureColumnName"/>,
    /// so generated data has the training data's schema and can be appended to it.
    /// </summary>
    public string? OutputColumnName;

    /// <summary>
    /// Optional input column of the fitted transformer holding the generator's latent vectors (known-size
    /// vector of <see cref="float"/> of length <see cref="LatentDimension"/>): rows of data that has this column
    /// are generated from its vectors. Data without it (the training data, <c>Generate</c>) gets latent vectors
    /// drawn from a standard normal as a pure function of the seed and the row's position.
    /// </summary>
    public string? LatentColumnName;

    // ---- Networks ----

    /// <summary>
    /// Size of the generator's latent (noise) input. Sizes are bounded when the estimator is created and again at Fit
    /// with the data's width: at most 1e9 parameters per network and an estimated 64 GiB of training memory.
    /// </summary>
    public int LatentDimension = 16;

    /// <summary>Widths of the generator's hidden layers (its depth is the array's length); bounded as <see cref="LatentDimension"/> says.</summary>
    public int[] GeneratorHiddenLayers = { 128, 128, 128 };

    /// <summary>Widths of the discriminator's hidden layers (its depth is the array's length); bounded as <see cref="LatentDimension"/> says.</summary>
    public int[] DiscriminatorHiddenLayers = { 128, 128, 128 };

    /// <summary>Nonlinearity of the generator's hidden layers.</summary>
    public GanActivation GeneratorActivation = GanActivation.ReLU;

    /// <summary>Nonlinearity of the discriminator's hidden layers.</summary>
    public GanActivation DiscriminatorActivation = GanActivation.LeakyReLU;

    /// <summary>Normalization after each hidden layer of the generator.</summary>
    public GanNormalization GeneratorNormalization = GanNormalization.None;

    /// <summary>
    /// Normalization after each hidden layer of the discriminator. Batch normalization makes a row's score depend on
    /// its batch, which gradient penalties assume it does not: use <see cref="GanNormalization.LayerNorm"/> with them.
    /// </summary>
    public GanNormalization DiscriminatorNormalization = GanNormalization.None;

    // ---- Objective ----

    /// <summary>The adversarial objective.</summary>
    public GanLoss Loss = GanLoss.Hinge;

    /// <summary>Weight λ of the gradient penalty of <see cref="GanLoss.WassersteinGP"/>.</summary>
    public double GradientPenaltyWeight = 10;

    /// <summary>Clip value c of <see cref="GanLoss.Wasserstein"/>: critic weights are kept in [-c, c].</summary>
    public double WeightClipValue = 0.01;

    // ---- Remedies ----

    /// <summary>
    /// PacGAN packing degree m (Lin et al. 2018): the discriminator judges m rows concatenated, which penalizes a
    /// generator that covers few modes. 1 turns packing off. <see cref="BatchSize"/> must be a multiple of it.
    /// </summary>
    public int PackingDegree = 1;

    /// <summary>
    /// Unrolled discriminator (Metz et al. 2017): before each generator update the discriminator takes this many
    /// lookahead steps on fresh batches, the generator learns against the result, and the discriminator's parameters
    /// are restored. The generator is thus rewarded for moves that still pay off once the discriminator has reacted,
    /// which discourages hopping between modes. 0 turns it off. First-order: gradients do not flow back through the
    /// lookahead updates; they use their own Adam state with the discriminator's learning rate and betas.
    /// </summary>
    public int UnrolledSteps;

    /// <summary>
    /// Minibatch discrimination (Salimans et al. 2016): a layer before the discriminator's head appends, for each row,
    /// its learned similarity to the other rows of the batch, so a batch of near-copies is easy to reject.
    /// </summary>
    public bool MinibatchDiscrimination;

    /// <summary>Kernels (B) of the minibatch discrimination layer: similarities appended per row.</summary>
    public int MinibatchKernels = 32;

    /// <summary>Dimension (C) of each minibatch discrimination kernel.</summary>
    public int MinibatchKernelDimension = 4;

    /// <summary>
    /// Minibatch standard deviation (Karras et al. 2018): the batch's average feature spread is appended to every row
    /// before the discriminator's head. Cheaper than <see cref="MinibatchDiscrimination"/> and has no weights.
    /// </summary>
    public bool MinibatchStandardDeviation = true;

    /// <summary>
    /// Weight of feature matching (Salimans et al. 2016) in the generator's loss: the squared distance between the mean
    /// discriminator features (last hidden layer) of real and of generated batches. The paper replaces the adversarial
    /// loss with it; a large weight comes close to that. 0 turns it off.
    /// </summary>
    public double FeatureMatchingWeight;

    /// <summary>
    /// Weight λ of the DRAGAN penalty (Kodali et al. 2017): the discriminator's gradient norm is pushed towards 1 at
    /// points perturbed around the real data. 10 is the paper's value; 0 turns it off.
    /// </summary>
    public double DraganPenaltyWeight;

    /// <summary>
    /// Weight γ of the R1 penalty (Mescheder et al. 2018): (γ/2)·E‖∇D(x)‖² on real rows. Values around 0.1–10
    /// are usual; 0 turns it off.
    /// </summary>
    public double R1PenaltyWeight;

    /// <summary>
    /// Lazy regularization (Karras et al. 2020, StyleGAN2): with N &gt; 1 the R1 penalty is applied in a discriminator update
    /// of its own every N steps, weighted N times as much, instead of in every discriminator update. 16 is StyleGAN2's value;
    /// 1 (default) applies it every update.
    /// </summary>
    public int R1PenaltyInterval = 1;

    /// <summary>
    /// Spectral normalization (Miyato et al. 2018) of every discriminator layer: each weight is divided by its largest
    /// singular value, making the discriminator about 1-Lipschitz without weight clipping or a gradient penalty.
    /// </summary>
    public bool SpectralNorm;

    /// <summary>Dropout probability after each hidden layer of the discriminator; 0 turns it off.</summary>
    public double DiscriminatorDropout;

    /// <summary>
    /// Initial standard deviation of instance noise (Sønderby et al. 2017), in units of the standardized features:
    /// Gaussian noise on every row the discriminator sees, falling linearly to 0 at the end of training. 0 turns it off.
    /// </summary>
    public double InstanceNoise;

    /// <summary>
    /// One-sided label smoothing (Salimans et al. 2016): real rows get the target 1 − s instead of 1 in the
    /// discriminator's loss (generated rows keep 0). Only for the classifier objectives (minimax, non-saturating,
    /// least squares). 0 turns it off; 0.1 is usual.
    /// </summary>
    public double RealLabelSmoothing;

    /// <summary>
    /// Decay of an exponential moving average of the generator's weights (e.g. 0.999). When set, the average is what
    /// the monitor checks and what the fitted model generates with. 0 turns it off.
    /// </summary>
    public double GeneratorEmaDecay = 0.999;

    // ---- Schedule ----

    /// <summary>Passes over the training data (counted in discriminator batches). Training stops at whichever of <see cref="Epochs"/> and <see cref="MaxSteps"/> comes first.</summary>
    public int Epochs = 50;

    /// <summary>Optional cap on generator steps.</summary>
    public int? MaxSteps;

    /// <summary>Rows per batch, for real and for generated rows.</summary>
    public int BatchSize = 256;

    /// <summary>Discriminator (critic) updates per generator update: WGAN's n_critic.</summary>
    public int DiscriminatorStepsPerGeneratorStep = 1;

    /// <summary>Adam learning rate of the generator.</summary>
    public double GeneratorLearningRate = 1e-3;

    /// <summary>Adam learning rate of the discriminator (a larger value than the generator's gives a two time-scale update rule).</summary>
    public double DiscriminatorLearningRate = 1e-3;

    /// <summary>
    /// Decay both learning rates linearly to 0 over the run (the rates above are the starting rates). Late, small
    /// steps let the generator settle on the modes, which sharpens samples.
    /// </summary>
    public bool LearningRateDecay;

    /// <summary>Adam β₁ of the generator.</summary>
    public double GeneratorBeta1 = 0.5;

    /// <summary>Adam β₂ of the generator.</summary>
    public double GeneratorBeta2 = 0.9;

    /// <summary>Adam β₁ of the discriminator.</summary>
    public double DiscriminatorBeta1 = 0.5;

    /// <summary>Adam β₂ of the discriminator.</summary>
    public double DiscriminatorBeta2 = 0.9;

    // ---- Run ----

    /// <summary>
    /// Seed of weight initialization, batch order, training noise and the fitted transformer's default
    /// generation seed. When unset, it is drawn from the <see cref="Microsoft.ML.MLContext"/>'s seed, so
    /// <c>new MLContext(seed: 1)</c> makes training reproducible.
    /// </summary>
    public int? Seed;

    /// <summary>Where to train: <c>"cpu"</c> (default), <c>"cuda"</c>, <c>"cuda:N"</c>, or <c>"auto"</c> (CUDA when available).</summary>
    public string Device = "cpu";

    /// <summary>
    /// Threads libtorch may use while training. libtorch's thread count is a process-wide setting: while a Fit with this
    /// option runs, it applies to all libtorch work in the process (other Fits, generation, your own TorchSharp code).
    /// It is restored when training ends, also on an exception; overlapping Fits on different threads restore the value
    /// from before the first one started when the last one ends (while they overlap, the last one set wins). When
    /// unset, MLGan neither reads nor changes the setting. Small GAN networks often train fastest with 1 thread.
    /// </summary>
    public int? NumberOfThreads;

    /// <summary>Generator steps between progress reports and entries of the training history.</summary>
    public int ReportInterval = 100;

    /// <summary>
    /// The training-time collapse monitor: diversity checks against held-out validation rows (see GanEstimator.Fit) or
    /// a sample of the training data, loss-trend early warnings and a policy on confirmed collapse. On by default (warn only); null turns it off.
    /// </summary>
    public CollapseMonitorOptions? CollapseMonitor = new();

    internal string ResolvedOutputColumnName => string.IsNullOrEmpty(OutputColumnName) ? FeatureColumnName : OutputColumnName;

    internal GanOptions Clone()
    {
        var copy = (GanOptions)MemberwiseClone();
        copy.GeneratorHiddenLayers = (int[])GeneratorHiddenLayers.Clone();
        copy.DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers.Clone();
        copy.CollapseMonitor = CollapseMonitor?.Clone();
        return copy;
    }
}
